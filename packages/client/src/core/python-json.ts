import { InvalidArgumentError } from './errors';

/** Options of {@link pythonJson}: the `json.dumps` arguments the SDK's files use. */
export interface PythonJsonOptions {
  /** Spaces per level (`indent=`). */
  readonly indent: number;
  /** Sort object keys by code point (`sort_keys=True`). */
  readonly sortKeys?: boolean;
  /** Accept `Map`s as objects (safe for keys such as `__proto__`); otherwise they are rejected. */
  readonly maps?: boolean;
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

function pythonString(text: string): string {
  const escaped = text.replace(
    /[^ -~]|["\\]/g,
    (char) => SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `"${escaped}"`;
}

function pythonFloatRepr(n: number): string {
  const [mantissa = '', expText = '0'] = n.toExponential().split('e');
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const whole = digits.padEnd(exp + 1, '0');
  return `${sign}${whole.slice(0, exp + 1)}.${whole.slice(exp + 1) || '0'}`;
}

function pythonNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  // JSON numbers written by JavaScript: Python reads digit-only ones as int, the rest as float.
  const text = String(n);
  return /^-?\d+$/.test(text) ? text : pythonFloatRepr(n);
}

/** Python orders strings by code point; JavaScript's default sort compares UTF-16 units. */
export function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const diff = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0);
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

function objectEntries(value: object, options: PythonJsonOptions): [string, unknown][] {
  if (value instanceof Map && options.maps) return [...(value as Map<string, unknown>).entries()];
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new InvalidArgumentError(`Object of type ${value.constructor.name} is not JSON serializable`);
  }
  return Object.entries(value).filter(([, item]) => item !== undefined && typeof item !== 'function');
}

function encode(value: unknown, level: number, options: PythonJsonOptions): string {
  const v =
    typeof (value as { toJSON?: unknown } | null)?.toJSON === 'function'
      ? (value as { toJSON(): unknown }).toJSON()
      : value;
  if (v === null || v === undefined || typeof v === 'function') return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return pythonNumber(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return pythonString(v);
  const inner = ' '.repeat(options.indent * (level + 1));
  const close = `\n${' '.repeat(options.indent * level)}`;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((item) => inner + encode(item, level + 1, options)).join(',\n')}${close}]`;
  }
  const entries = objectEntries(v as object, options);
  if (entries.length === 0) return '{}';
  if (options.sortKeys) entries.sort(([a], [b]) => compareCodePoints(a, b));
  const lines = entries.map(
    ([key, item]) => `${inner}${pythonString(key)}: ${encode(item, level + 1, options)}`,
  );
  return `{\n${lines.join(',\n')}${close}}`;
}

/**
 * The text Python's `json.dumps(value, indent=N[, sort_keys=True])` writes (default
 * `ensure_ascii`): `", "`/`": "` separators, non-ASCII and DEL as `\uXXXX`, no final newline.
 * Files the SDK shares with Python tools (`auth.json`, `certs.json`, `metadata.json`) use it.
 */
export function pythonJson(value: unknown, options: PythonJsonOptions): string {
  return encode(value, 0, options);
}
