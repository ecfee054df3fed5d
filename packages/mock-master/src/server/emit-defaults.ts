/**
 * The master's JSON encoding of unset fields (`JSONPb{EmitDefaults: true}`): every field of a
 * response message is sent, unset scalars as their zero value (`""`, `0`, `false`, an enum's first
 * value), repeated fields as `[]`, maps as `{}` and unset messages as `null`. The mock's handlers
 * leave unset fields out; this fills them in from the response's schema before it is validated
 * and sent.
 *
 * The schemas are the bindings' zod schemas, read through zod's definition objects; a schema of
 * another kind (a custom `ApiDescription`) is left alone.
 */

type Json = unknown;

/** Fills the unset fields of a value of one schema (returns a new value; the input is not changed). */
export type DefaultsFiller = (value: Json) => Json;

interface ZodDefLike {
  type: string;
  shape?: Readonly<Record<string, unknown>>;
  innerType?: unknown;
  entries?: Readonly<Record<string, string | number>>;
  element?: unknown;
  valueType?: unknown;
  checks?: readonly unknown[];
}

function defOf(schema: unknown): ZodDefLike | null {
  if (typeof schema !== 'object' || schema === null || !('_zod' in schema)) return null;
  const zod = (schema as { _zod: unknown })._zod;
  if (typeof zod !== 'object' || zod === null || !('def' in zod)) return null;
  const def = (zod as { def: unknown }).def;
  return typeof def === 'object' && def !== null && typeof (def as { type?: unknown }).type === 'string'
    ? (def as ZodDefLike)
    : null;
}

function unwrap(def: ZodDefLike | null): ZodDefLike | null {
  let current = def;
  while (current !== null && (current.type === 'optional' || current.type === 'nullable')) {
    current = defOf(current.innerType);
  }
  return current;
}

// google.protobuf.Timestamp fields are messages (null when unset), but the spec gives them as
// `string` with `format: date-time`, which the zod schemas do not keep: they are known by name.
const TIMESTAMP_NAME = /(Time|At|Timestamp|Date)$|^timestamp$/;

function isUnknownValue(def: ZodDefLike | null): boolean {
  return def === null || def.type === 'unknown' || def.type === 'any';
}

function zeroValue(name: string, def: ZodDefLike | null): Json {
  switch (def?.type) {
    case 'string':
      if (TIMESTAMP_NAME.test(name)) return null;
      return (def.checks?.length ?? 0) > 0 ? '0' : '';
    case 'number':
    case 'union':
      return 0;
    case 'boolean':
      return false;
    case 'enum':
      return Object.values(def.entries ?? {})[0] ?? null;
    case 'array':
      return [];
    case 'record':
      // A protobuf Struct is a message (null when unset); a typed map is sent as {}.
      return isUnknownValue(unwrap(defOf(def.valueType))) ? null : {};
    default:
      return null;
  }
}

const cache = new WeakMap<object, DefaultsFiller>();
const identity: DefaultsFiller = (value) => value;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectFiller(shape: Readonly<Record<string, unknown>>): DefaultsFiller {
  const fields = Object.entries(shape).map(([name, schema]) => ({
    name,
    schema,
    def: unwrap(defOf(schema)),
  }));
  return (value) => {
    if (!isObject(value)) return value;
    const out: Record<string, Json> = { ...value };
    for (const field of fields) {
      const current = out[field.name];
      out[field.name] =
        current === undefined ? zeroValue(field.name, field.def) : defaultsFiller(field.schema)(current);
    }
    return out;
  };
}

function compile(def: ZodDefLike | null): DefaultsFiller {
  if (def?.type === 'object' && def.shape !== undefined) return objectFiller(def.shape);
  if (def?.type === 'array') {
    const element = def.element;
    return (value) => (Array.isArray(value) ? value.map((item) => defaultsFiller(element)(item)) : value);
  }
  if (def?.type === 'record' && !isUnknownValue(unwrap(defOf(def.valueType)))) {
    const valueType = def.valueType;
    return (value) =>
      isObject(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, defaultsFiller(valueType)(v)]))
        : value;
  }
  return identity;
}

/** The filler of a schema (compiled once per schema object). */
export function defaultsFiller(schema: unknown): DefaultsFiller {
  if (typeof schema !== 'object' || schema === null) return identity;
  let filler = cache.get(schema);
  if (filler === undefined) {
    filler = compile(unwrap(defOf(schema)));
    cache.set(schema, filler);
  }
  return filler;
}
