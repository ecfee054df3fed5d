/** Removal of credentials from anything the SDK logs. */

/** What a secret is replaced with. */
export const REDACTED = '[REDACTED]';

const SENSITIVE_KEY = /authorization|token|password|passwd|secret|cookie|api[-_]?key/i;
const KEY_WORD = '(?:authorization|[\\w-]*(?:token|password|passwd|secret)[\\w-]*)';
const VALUE = `(?:(?:bearer|basic|token)\\s+)?[^\\s"',;&}]+`;
/** `token=abc`, `"password": "abc"`, `Authorization: Bearer abc`, `x-user-token: abc`, … */
const KEY_VALUE_IN_TEXT = new RegExp(`(${KEY_WORD}["']?\\s*[:=]\\s*["']?)${VALUE}`, 'gi');
/** A bare `Bearer abc.def` anywhere in a text. */
const BEARER_IN_TEXT = /\b(bearer\s+)(?!\[REDACTED\])[^\s"',;&}]+/gi;
const MAX_DEPTH = 8;

/** True for field names whose values are credentials (`Authorization`, `*token*`, `*password*`, …). */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

/** `text` with credential values (`Bearer …`, `token=…`, `"password": "…"`) replaced by `[REDACTED]`. */
export function redactString(text: string): string {
  return text.replace(KEY_VALUE_IN_TEXT, `$1${REDACTED}`).replace(BEARER_IN_TEXT, `$1${REDACTED}`);
}

/**
 * A copy of `value` safe to log: strings are passed through {@link redactString}, values under
 * sensitive keys (case-insensitive) become `[REDACTED]`, recursively through arrays, plain objects,
 * `Map`s, `Headers` and `Error`s (which become `{name, message, stack}`).
 */
export function redact(value: unknown): unknown {
  return walk(value, 0, new WeakSet());
}

/** {@link redact} for a log call's fields object. */
export function redactFields(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return redactEntries(Object.entries(fields), 0, new WeakSet());
}

function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return value;
  if (ArrayBuffer.isView(value)) return `<${value.byteLength} bytes>`;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item: unknown) => walk(item, depth + 1, seen));
    return redactEntries(entriesOf(value), depth + 1, seen);
  } finally {
    seen.delete(value);
  }
}

function entriesOf(value: object): Array<[string, unknown]> {
  if (value instanceof Map) return [...value.entries()].map(([key, item]) => [String(key), item]);
  if (typeof Headers !== 'undefined' && value instanceof Headers) return [...value.entries()];
  if (value instanceof Error) {
    const entries: Array<[string, unknown]> = [
      ['name', value.name],
      ['message', value.message],
    ];
    if (value.stack !== undefined) entries.push(['stack', value.stack]);
    return [...entries, ...Object.entries(value)];
  }
  return Object.entries(value);
}

function redactEntries(
  entries: ReadonlyArray<readonly [string, unknown]>,
  depth: number,
  seen: WeakSet<object>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const hidden = isSensitiveKey(key) && item !== undefined && item !== null && item !== '';
    // defineProperty keeps a `__proto__` key an ordinary property.
    Object.defineProperty(result, key, {
      value: hidden ? REDACTED : walk(item, depth, seen),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}
