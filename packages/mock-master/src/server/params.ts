import { describeValue, invalidArgument } from '../errors';
import type { OperationInfo, OperationParameter } from './operation-types';

interface ScalarSpec {
  type?: string | undefined;
  format?: string | undefined;
  enum?: readonly string[] | undefined;
}

const INT = /^-?\d+$/;
const UINT = /^\d+$/;
const FLOAT = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const RANGES: Record<string, readonly [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  // An integer without a format becomes a JS number, so it must stay exactly representable.
  safe: [-(2n ** 53n - 1n), 2n ** 53n - 1n],
};

function expectation(spec: ScalarSpec): string {
  if (spec.enum) return `expected one of ${spec.enum.join(', ')}`;
  if (spec.type === 'integer' || spec.type === 'number') return `expected ${spec.format ?? spec.type}`;
  if (spec.format === 'int64' || spec.format === 'uint64') return `expected ${spec.format} (decimal string)`;
  if (spec.format === 'date-time') return 'expected an RFC 3339 date-time';
  return `expected ${spec.type ?? 'string'}`;
}

function integerValue(value: string, format: string | undefined): bigint | null {
  if (!(format?.startsWith('u') ? UINT : INT).test(value)) return null;
  const parsed = BigInt(value);
  const range = RANGES[format ?? 'safe'] ?? RANGES.safe;
  if (range === undefined || parsed < range[0] || parsed > range[1]) return null;
  return parsed;
}

/** Coerces one textual value by its spec type; undefined when it does not conform. */
function coerceScalar(value: string, spec: ScalarSpec): unknown {
  if (spec.enum) return spec.enum.includes(value) ? value : undefined;
  switch (spec.type) {
    case 'integer': {
      const parsed = integerValue(value, spec.format);
      if (parsed === null) return undefined;
      return spec.format === 'int64' || spec.format === 'uint64' ? value : Number(parsed);
    }
    case 'number':
      if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
      return FLOAT.test(value) ? Number(value) : undefined;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : undefined;
    default:
      if (spec.format === 'int64' || spec.format === 'uint64') {
        return integerValue(value, spec.format) === null ? undefined : value;
      }
      if (spec.format === 'date-time') return Number.isNaN(Date.parse(value)) ? undefined : value;
      return value;
  }
}

function coerceOrThrow(value: string, spec: ScalarSpec, where: string): unknown {
  const coerced = coerceScalar(value, spec);
  if (coerced === undefined) {
    throw invalidArgument(`invalid value ${describeValue(value)} for ${where}: ${expectation(spec)}`);
  }
  return coerced;
}

/** Validates and coerces raw path parameters by their spec types (int32 → number). */
export function coercePathParams(
  op: OperationInfo,
  raw: Readonly<Record<string, string>>,
): Record<string, string | number> {
  const result: Record<string, string | number> = {};
  for (const param of op.parameters) {
    if (param.in !== 'path') continue;
    const value = raw[param.name];
    if (value === undefined) throw invalidArgument(`missing path parameter ${param.name}`);
    const coerced = coerceOrThrow(value, param, `path parameter ${param.name}`);
    result[param.name] = typeof coerced === 'number' ? coerced : value;
  }
  return result;
}

function coerceQueryParam(param: OperationParameter, values: readonly string[]): unknown {
  const where = `query parameter ${param.name}`;
  if (param.type === 'array') {
    const items = param.items ?? { type: 'string' };
    return values.map((value) => coerceOrThrow(value, items, where));
  }
  if (values.length > 1) throw invalidArgument(`too many values for ${where}: expected a single value`);
  return coerceOrThrow(values[0] ?? '', param, where);
}

/** The proto field name of a JSON (lowerCamelCase) parameter name: `metricName` → `metric_name`. */
function protoName(jsonName: string): string {
  return jsonName.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Validates and coerces the query string: integers → number (int64 kept as string), booleans →
 * boolean, arrays (repeated keys) always arrays. Repeated scalar keys and missing required
 * parameters are rejected with InvalidArgument; unknown keys are ignored, as the master's gateway
 * does, unless `strict` rejects them too (so that misspelled parameters surface in tests).
 */
export function coerceQuery(
  op: OperationInfo,
  search: URLSearchParams,
  options: { strict: boolean } = { strict: true },
): Record<string, unknown> {
  const known = new Map(op.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
  // grpc-gateway also accepts a field's proto name (`metric_name` for `metricName`).
  const byProtoName = new Map([...known.values()].map((p) => [protoName(p.name), p]));
  const result: Record<string, unknown> = {};
  for (const key of new Set(search.keys())) {
    const param = known.get(key) ?? byProtoName.get(key);
    if (param === undefined) {
      if (options.strict) throw invalidArgument(`unknown query parameter ${describeValue(key)}`);
      continue;
    }
    result[param.name] = coerceQueryParam(param, search.getAll(key));
  }
  for (const param of known.values()) {
    if (param.required && !(param.name in result)) {
      throw invalidArgument(`missing required query parameter ${param.name}`);
    }
  }
  return result;
}
