import type { core } from 'zod';
import { isRecord } from './is-record';

/**
 * A precompiled yes/no check: `true` only when zod would accept the value AND it carries no
 * field unknown to the schema. `false` means "look closer" (the validator then runs zod and the
 * unknown-field walk to say what is wrong), never "invalid" by itself.
 */
export type CompiledCheck = (value: unknown) => boolean;

const compiled = new WeakMap<core.$ZodType, CompiledCheck | null>();

/** A check whose schema cannot be compiled: always look closer. */
const UNSUPPORTED = null;

type Def = core.$ZodType['_zod']['def'];

function hasChecks(def: Def): boolean {
  return (def.checks?.length ?? 0) > 0;
}

function compileString(def: core.$ZodStringDef): CompiledCheck | null {
  if (!hasChecks(def)) return (v) => typeof v === 'string';
  const patterns: RegExp[] = [];
  for (const check of def.checks ?? []) {
    const checkDef = check._zod.def as { check: string; format?: string; pattern?: RegExp };
    if (checkDef.check !== 'string_format' || checkDef.format !== 'regex' || !checkDef.pattern)
      return UNSUPPORTED;
    if (checkDef.pattern.global || checkDef.pattern.sticky) return UNSUPPORTED;
    patterns.push(checkDef.pattern);
  }
  return (v) => typeof v === 'string' && patterns.every((pattern) => pattern.test(v));
}

function compileNumber(def: core.$ZodNumberDef): CompiledCheck | null {
  // zod 4 numbers are finite; `.int()` adds the `safeint` format.
  if (!hasChecks(def)) return (v) => typeof v === 'number' && Number.isFinite(v);
  const [check, ...others] = def.checks ?? [];
  const checkDef = check?._zod.def as { check: string; format?: string } | undefined;
  if (others.length > 0 || checkDef?.check !== 'number_format' || checkDef.format !== 'safeint') {
    return UNSUPPORTED;
  }
  return (v) => typeof v === 'number' && Number.isSafeInteger(v);
}

function compileObject(def: core.$ZodObjectDef): CompiledCheck | null {
  if (hasChecks(def)) return UNSUPPORTED;
  const keys = Object.keys(def.shape);
  const fields: CompiledCheck[] = [];
  for (const key of keys) {
    const field = compileCheck(def.shape[key] as core.$ZodType);
    if (field === null) return UNSUPPORTED;
    fields.push(field);
  }
  const known = new Set(keys);
  const count = keys.length;
  return (v) => {
    if (!isRecord(v)) return false;
    for (let i = 0; i < count; i++) {
      if (!(fields[i] as CompiledCheck)(v[keys[i] as string])) return false;
    }
    for (const key in v) {
      if (!known.has(key)) return false;
    }
    return true;
  };
}

function compileArray(def: core.$ZodArrayDef): CompiledCheck | null {
  if (hasChecks(def)) return UNSUPPORTED;
  const element = compileCheck(def.element);
  if (element === null) return UNSUPPORTED;
  return (v) => {
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
    return true;
  };
}

function compileRecord(def: core.$ZodRecordDef): CompiledCheck | null {
  const keyDef = def.keyType._zod.def;
  if (hasChecks(def) || keyDef.type !== 'string' || hasChecks(keyDef)) return UNSUPPORTED;
  if (def.valueType._zod.def.type === 'unknown') return (v) => isRecord(v);
  const value = compileCheck(def.valueType);
  if (value === null) return UNSUPPORTED;
  return (v) => {
    if (!isRecord(v)) return false;
    for (const key in v) if (!value(v[key])) return false;
    return true;
  };
}

/**
 * A union whose options hold no objects, arrays or records: accepting any option is then exactly
 * zod's answer (the unknown-field walk has nothing to look into). Other unions are not compiled.
 */
function compileUnion(def: core.$ZodUnionDef): CompiledCheck | null {
  const scalar = new Set(['string', 'number', 'boolean', 'enum', 'literal', 'null']);
  if (hasChecks(def) || !def.options.every((option) => scalar.has(option._zod.def.type))) return UNSUPPORTED;
  const options: CompiledCheck[] = [];
  for (const option of def.options) {
    const check = compileCheck(option);
    if (check === null) return UNSUPPORTED;
    options.push(check);
  }
  return (v) => options.some((option) => option(v));
}

function compileValues(values: readonly unknown[]): CompiledCheck {
  const set = new Set(values);
  return (v) => set.has(v);
}

function compileWrapper(def: Def, inner: core.$ZodType): CompiledCheck | null {
  const check = compileCheck(inner);
  if (check === null || hasChecks(def)) return UNSUPPORTED;
  switch (def.type) {
    case 'optional':
      return (v) => v === undefined || check(v);
    case 'nullable':
      return (v) => v === null || check(v);
    case 'nonoptional':
      return (v) => v !== undefined && check(v);
    default:
      return check;
  }
}

function compileDef(schema: core.$ZodType): CompiledCheck | null {
  const def = schema._zod.def;
  switch (def.type) {
    case 'string':
      return compileString(def as core.$ZodStringDef);
    case 'number':
      return compileNumber(def as core.$ZodNumberDef);
    case 'boolean':
      return hasChecks(def) ? UNSUPPORTED : (v) => typeof v === 'boolean';
    case 'null':
      return (v) => v === null;
    case 'unknown':
    case 'any':
      return hasChecks(def) ? UNSUPPORTED : () => true;
    case 'enum':
      return compileValues(Object.values((def as core.$ZodEnumDef).entries));
    case 'literal':
      return compileValues((def as core.$ZodLiteralDef<core.util.Literal>).values);
    case 'object':
      return compileObject(def as core.$ZodObjectDef);
    case 'array':
      return compileArray(def as core.$ZodArrayDef);
    case 'record':
      return compileRecord(def as core.$ZodRecordDef);
    case 'union':
      return compileUnion(def as core.$ZodUnionDef);
    case 'optional':
    case 'nullable':
    case 'nonoptional':
    case 'readonly':
      return compileWrapper(def, (def as core.$ZodOptionalDef).innerType);
    case 'lazy':
      return compileWrapper(def, (def as core.$ZodLazyDef).getter());
    default:
      // Defaults, transforms, pipes, refinements...: only zod knows; always look closer.
      return UNSUPPORTED;
  }
}

/**
 * The compiled check of `schema`, or `null` when it uses something the compiler does not handle
 * (the validator then always runs zod). Compiled once per schema object; recursive schemas (via
 * `z.lazy`) are compiled once and call themselves.
 */
export function compileCheck(schema: core.$ZodType): CompiledCheck | null {
  const cached = compiled.get(schema);
  if (cached !== undefined) return cached;
  // A recursive reference met while compiling resolves through this trampoline; if the schema
  // turns out not to compile, the reference answers "look closer".
  let resolved: CompiledCheck | null = null;
  compiled.set(schema, (v) => resolved?.(v) === true);
  resolved = compileDef(schema);
  compiled.set(schema, resolved);
  return resolved;
}
