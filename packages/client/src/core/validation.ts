import type { core } from 'zod';
import { compileCheck } from './compiled-check';
import { InvalidArgumentError, ValidationError } from './errors';
import { isRecord } from './is-record';
import type { Logger } from './logger';

/** How responses are checked against the spec's schemas. */
export type ValidationMode = 'strict' | 'warn' | 'off';

/** Zod schemas keyed by OpenAPI definition name (the bindings' `schemas`). */
export type SchemaRegistry = Readonly<Record<string, core.$ZodType>>;

/** Options of {@link ResponseValidator}. */
export interface ResponseValidatorOptions {
  /** `warn` (default) logs each problem once per schema and path; `strict` throws; `off` skips. */
  readonly mode?: ValidationMode | undefined;
  /** Receives the `warn` reports. */
  readonly logger?: Logger | undefined;
  /** Distinct problems reported in `warn` mode before further ones are suppressed. */
  readonly maxReports?: number | undefined;
}

/** What is being validated, for messages. */
export interface ValidationContext {
  /** Definition name of the schema (e.g. `v1GetModelResponse`). */
  readonly schemaName: string;
  /** Where the value came from (e.g. `GET /api/v1/models/{name}`). */
  readonly source: string;
}

interface Problem {
  readonly path: readonly PathSegment[];
  readonly message: string;
}

type PathSegment = string | number | RecordKey;

/** A key of a record (map): shown in messages, but a wildcard when de-duplicating reports. */
class RecordKey {
  constructor(readonly key: string) {}
}

function formatPath(path: readonly PathSegment[], pattern: boolean): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += pattern ? '[]' : `[${segment}]`;
    else if (segment instanceof RecordKey) out += pattern ? '{}' : `{${JSON.stringify(segment.key)}}`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out === '' ? '(root)' : out;
}

type WrapperDef = core.$ZodOptionalDef | core.$ZodNullableDef | core.$ZodDefaultDef;
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'catch', 'readonly']);

/**
 * Report fields present in `value` but unknown to `schema`. The bindings' object schemas are loose
 * (unknown keys pass), so this walk is the only place unknown fields are noticed.
 */
function findUnknownFields(schema: core.$ZodType, value: unknown, path: PathSegment[], out: Problem[]): void {
  if (value === null || value === undefined) return;
  const inner = innerSchema(schema, value);
  if (inner) {
    findUnknownFields(inner, value, path, out);
    return;
  }
  const def = schema._zod.def;
  if (def.type === 'object') walkObject(def as core.$ZodObjectDef, value, path, out);
  else if (def.type === 'array' && Array.isArray(value))
    walkEach((def as core.$ZodArrayDef).element, value.entries(), path, out);
  else if (def.type === 'record' && isRecord(value))
    walkRecord((def as core.$ZodRecordDef).valueType, value, path, out);
}

/** The schema a wrapper (optional, lazy, pipe, union, …) applies to `value`, if `schema` is one. */
function innerSchema(schema: core.$ZodType, value: unknown): core.$ZodType | undefined {
  const def = schema._zod.def;
  if (WRAPPERS.has(def.type)) return (def as WrapperDef).innerType;
  switch (def.type) {
    case 'lazy':
      return (def as core.$ZodLazyDef).getter();
    case 'pipe':
      return (def as core.$ZodPipeDef).in;
    case 'union':
      return (def as core.$ZodUnionDef).options.find((option) => schemaIssues(option, value).length === 0);
    default:
      return undefined;
  }
}

function walkObject(def: core.$ZodObjectDef, value: unknown, path: PathSegment[], out: Problem[]): void {
  if (!isRecord(value)) return;
  const shape = def.shape;
  for (const key of Object.keys(value)) {
    path.push(key);
    const fieldSchema = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (fieldSchema) findUnknownFields(fieldSchema, value[key], path, out);
    else out.push({ path: [...path], message: 'unknown field' });
    path.pop();
  }
}

function walkEach(
  element: core.$ZodType,
  entries: Iterable<[number, unknown]>,
  path: PathSegment[],
  out: Problem[],
): void {
  for (const [index, item] of entries) {
    path.push(index);
    findUnknownFields(element, item, path, out);
    path.pop();
  }
}

function walkRecord(
  valueType: core.$ZodType,
  value: Record<string, unknown>,
  path: PathSegment[],
  out: Problem[],
): void {
  for (const [key, item] of Object.entries(value)) {
    path.push(new RecordKey(key));
    findUnknownFields(valueType, item, path, out);
    path.pop();
  }
}

type PathKey = PropertyKey | { readonly key: PropertyKey };

/**
 * What zod finds wrong with `value` (empty: accepted). Through the schema's own Standard Schema
 * entry point, which reports exactly zod's issues, so this module does not load zod itself: the
 * schemas (and zod with them) are loaded on first validation.
 */
function schemaIssues(schema: core.$ZodType, value: unknown): readonly Problem[] {
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) {
    result.catch(() => undefined);
    return [{ path: [], message: 'the schema is asynchronous; responses are checked synchronously' }];
  }
  return (result.issues ?? []).map((issue) => ({
    path: (issue.path ?? []).map((segment: PathKey) => pathSegment(segment)),
    message: issue.message,
  }));
}

function pathSegment(segment: PathKey): string | number {
  const key = typeof segment === 'object' ? segment.key : segment;
  return typeof key === 'symbol' ? String(key) : key;
}

/**
 * Checks response bodies against the bindings' zod schemas: wrong types and unknown fields are
 * logged once per schema and path (`warn`), thrown as `ValidationError` (`strict`), or ignored
 * (`off`). It never changes the value.
 */
export class ResponseValidator {
  /** The configured mode. */
  readonly mode: ValidationMode;
  readonly #logger: Logger | undefined;
  readonly #maxReports: number;
  readonly #reported = new Set<string>();

  constructor(options: ResponseValidatorOptions = {}) {
    this.mode = options.mode ?? 'warn';
    if (!['strict', 'warn', 'off'].includes(this.mode)) {
      throw new InvalidArgumentError(`validate must be 'strict', 'warn' or 'off', got ${String(this.mode)}`);
    }
    this.#logger = options.logger;
    this.#maxReports = options.maxReports ?? 1000;
  }

  /** Validate `value` against `schema` under this validator's mode. */
  check(
    value: unknown,
    schema: core.$ZodType,
    context: ValidationContext,
    mode: ValidationMode = this.mode,
  ): void {
    if (mode === 'off') return;
    // The compiled check accepts exactly what zod accepts without unknown fields, at a fraction
    // of the cost; only values it does not vouch for go through zod and the walk for the details.
    if (compileCheck(schema)?.(value) === true) return;
    const problems = [...schemaIssues(schema, value)];
    findUnknownFields(schema, value, [], problems);
    if (problems.length === 0) return;
    if (mode === 'strict') throw this.#strictError(problems, context);
    for (const problem of problems) this.#warnOnce(problem, context);
  }

  #strictError(problems: readonly Problem[], context: ValidationContext): ValidationError {
    const shown = problems
      .slice(0, 5)
      .map((p) => `${formatPath(p.path, false)}: ${p.message}`)
      .join('; ');
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
    return new ValidationError(
      `response of ${context.source} does not match ${context.schemaName}: ${shown}${more}`,
    );
  }

  #warnOnce(problem: Problem, context: ValidationContext): void {
    const pattern = formatPath(problem.path, true);
    const key = `${context.schemaName}\u0000${pattern}\u0000${problem.message}`;
    if (this.#reported.has(key) || this.#reported.size > this.#maxReports) return;
    this.#reported.add(key);
    if (this.#reported.size > this.#maxReports) {
      this.#logger?.warn('response validation: too many distinct problems; further ones are not reported');
      return;
    }
    this.#logger?.warn(
      `response of ${context.source} does not match ${context.schemaName} at ${pattern}: ${problem.message}`,
      {
        schema: context.schemaName,
        path: pattern,
        example: formatPath(problem.path, false),
      },
    );
  }
}
