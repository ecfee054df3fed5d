import { formatIssuePath } from './body';
import type { ApiDescription, OperationInfo, SchemaLike } from './operation-types';
import { wireErrorSchemas } from './wire-errors';

/** What the server does with a response that does not match the spec: answer 500, only record it, or skip the check. */
export type ResponseValidationMode = 'throw' | 'record' | 'off';

/** A response the mock produced that does not match the spec's schema. */
export interface ResponseViolation {
  /** The operation that answered. */
  operationId: string;
  /** The request's HTTP method. */
  method: string;
  /** The request path. */
  path: string;
  /** The response status. */
  status: number;
  /** The definition checked against (an NDJSON line's `result` for streaming operations). */
  schema: string;
  /** What did not match, one line each (`path: message`). */
  issues: string[];
}

/** Which part of a response is checked. */
export type ResponsePart = 'json' | 'stream-result' | 'stream-error' | 'error' | 'echo-error';

interface CheckInput {
  op: OperationInfo | null;
  method: string;
  path: string;
  status: number;
  part: ResponsePart;
  body: unknown;
}

// Error bodies are checked against the master's wire shapes, which win over the spec's
// `runtimeError` (the gateway library's default that the master replaces).
const WIRE_SCHEMAS: Readonly<Record<string, SchemaLike>> = {
  '(master error body)': wireErrorSchemas.master,
  '(echo error body)': wireErrorSchemas.echo,
};

function schemaNameFor(input: CheckInput): string | null {
  if (input.part === 'error') return '(master error body)';
  if (input.part === 'echo-error') return '(echo error body)';
  if (input.part === 'stream-error') return 'runtimeStreamError';
  return input.op?.responseSchema ?? null;
}

/** Checks every response the mock produces against the spec schemas and keeps the violations. */
export class ResponseValidator {
  readonly violations: ResponseViolation[] = [];

  constructor(
    readonly mode: ResponseValidationMode,
    private readonly api: ApiDescription,
  ) {}

  /** Returns the recorded violation, or null when the body conforms (or checks are off). */
  check(input: CheckInput): ResponseViolation | null {
    if (this.mode === 'off') return null;
    const schemaName = schemaNameFor(input);
    if (schemaName === null) return null;
    const schema: SchemaLike | undefined = WIRE_SCHEMAS[schemaName] ?? this.api.schemas[schemaName];
    const issues =
      schema === undefined ? [`no schema named ${schemaName}`] : this.issuesOf(schema, input.body);
    if (issues.length === 0) return null;
    const violation: ResponseViolation = {
      operationId: input.op?.operationId ?? '(unrouted)',
      method: input.method,
      path: input.path,
      status: input.status,
      schema: schemaName,
      issues,
    };
    this.violations.push(violation);
    return violation;
  }

  private issuesOf(schema: SchemaLike, body: unknown): string[] {
    const result = schema.safeParse(body);
    if (result.success) return [];
    return result.error.issues.map((issue) => `${formatIssuePath(issue.path) || '(root)'}: ${issue.message}`);
  }
}

/** One line per violation, for assertion messages and logs. */
export function formatViolations(violations: readonly ResponseViolation[]): string {
  return violations
    .map(
      (v) => `${v.method} ${v.path} (${v.operationId}, ${v.status}) vs ${v.schema}: ${v.issues.join('; ')}`,
    )
    .join('\n');
}

/**
 * Throws when a mock produced responses that violate the spec, listing them; for an `afterAll`
 * of every test file that starts a mock with `validateResponses: 'record'`.
 */
export function assertNoResponseViolations(mock: {
  readonly responseViolations: readonly ResponseViolation[];
}): void {
  if (mock.responseViolations.length === 0) return;
  throw new Error(
    `the mock master produced ${mock.responseViolations.length} response(s) that violate the spec:\n` +
      formatViolations(mock.responseViolations),
  );
}
