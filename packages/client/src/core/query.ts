import { InvalidArgumentError } from './errors';

/** A scalar that can be sent as a query-string value. */
export type QueryScalar = string | number | bigint | boolean | null | undefined;

/** Query parameters: scalars or lists of scalars (lists become repeated keys). */
export type QueryParams = Readonly<Record<string, QueryScalar | readonly QueryScalar[]>>;

// encodeURIComponent leaves these unescaped; Python's quote/quote_plus escape them.
const EXTRA_UNSAFE = /[!'()*]/g;

function escapeExtra(char: string): string {
  return `%${char.charCodeAt(0).toString(16).toUpperCase()}`;
}

function strictEncode(value: string, what: string): string {
  try {
    return encodeURIComponent(value).replace(EXTRA_UNSAFE, escapeExtra);
  } catch (cause) {
    throw new InvalidArgumentError(`${what} is not valid Unicode text: ${JSON.stringify(value)}`, { cause });
  }
}

/**
 * Percent-encode a path parameter like Python's `urllib.parse.quote`: everything except
 * `A-Z a-z 0-9 _ . - ~` and `/` is escaped (UTF-8). Integers are inserted as decimal.
 */
export function quotePathParam(value: string | number | bigint): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new InvalidArgumentError(`path parameter must be a finite number, got ${value}`);
  }
  return strictEncode(String(value), 'path parameter').replace(/%2F/g, '/');
}

/**
 * Fill `{name}` placeholders of a path template (e.g. `/api/v1/models/{name}` or
 * `/api/v1/trials/{labels.trialId}/profiler/metrics`) with quoted values.
 */
export function fillPath(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{([^{}]+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (typeof value === 'string' || typeof value === 'bigint') return quotePathParam(value);
    if (typeof value === 'number') return quotePathParam(value);
    throw new InvalidArgumentError(`missing or invalid path parameter "${name}" for ${template}`);
  });
}

function encodeFormComponent(value: string, what: string): string {
  return strictEncode(value, what).replace(/%20/g, '+');
}

function scalarText(name: string, value: Exclude<QueryScalar, null | undefined>): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new InvalidArgumentError(`query parameter "${name}" must be a finite number, got ${value}`);
  }
  return String(value);
}

function isScalar(value: unknown): value is QueryScalar {
  const kind = typeof value;
  return (
    value === null ||
    kind === 'string' ||
    kind === 'number' ||
    kind === 'bigint' ||
    kind === 'boolean' ||
    kind === 'undefined'
  );
}

/**
 * Serialize query parameters the way the Python SDK does (without the leading `?`): `null` and
 * `undefined` are omitted, lists become repeated keys, booleans `true`/`false`, form encoding
 * (space → `+`), empty strings kept, dotted names literal.
 */
export function serializeQuery(query: Readonly<Record<string, unknown>> | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [name, raw] of Object.entries(query)) {
    const values: readonly unknown[] = Array.isArray(raw) ? raw : [raw];
    const key = encodeFormComponent(name, 'query parameter name');
    for (const value of values) {
      if (value === null || value === undefined) continue;
      if (!isScalar(value)) {
        throw new InvalidArgumentError(`query parameter "${name}" must be a scalar or a list of scalars`);
      }
      parts.push(`${key}=${encodeFormComponent(scalarText(name, value), `query parameter "${name}"`)}`);
    }
  }
  return parts.join('&');
}

/** Join a path and serialized query parameters into a request target. */
export function withQuery(path: string, query: Readonly<Record<string, unknown>> | undefined): string {
  const text = serializeQuery(query);
  if (!text) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${text}`;
}

function nonFiniteAsString(_key: string, value: unknown): unknown {
  if (typeof value !== 'number' || Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

/**
 * Serialize a JSON request body like the Python SDK: `undefined`, `null`, `{}` and `[]` mean "no
 * body"; NaN and ±Infinity become the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
 */
export function encodeJsonBody(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (Array.isArray(body) ? body.length === 0 : typeof body === 'object' && Object.keys(body).length === 0) {
    return undefined;
  }
  return JSON.stringify(body, nonFiniteAsString);
}
