/**
 * Timestamp rules of the Python SDK: parsing of API timestamps (section 7.2) and the
 * `timestampBefore`/`timestampAfter` parameters of trial logs (section 4).
 */
import { InvalidArgumentError } from '../core/errors';

const API_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2}))?)?(?:([+-])(\d{2}):(\d{2}))?)?$/;

/**
 * Parse an API timestamp the way the Python SDK does (7.2): a trailing `Z` means UTC and every
 * `.digits` fraction is dropped, so the result has whole-second precision. A timestamp without an
 * offset (Python would return a naive datetime) is read as UTC.
 */
export function parseApiTimestamp(ts: string): Date {
  const fast = parseCanonicalUtc(ts);
  if (fast !== null) return fast;
  const stripped = ts.replace(/Z$/, '+00:00').replace(/\.[0-9]*/g, '');
  const m = API_TIMESTAMP.exec(stripped);
  if (!m) throw new InvalidArgumentError(`Invalid timestamp '${ts}'`);
  const fields = fieldsOf(m);
  if (!isValidDateTime(fields)) throw new InvalidArgumentError(`Invalid timestamp '${ts}'`);
  const offsetSign = m[7] === '-' ? -1 : 1;
  const offsetMinutes = offsetSign * (Number(m[8] ?? 0) * 60 + Number(m[9] ?? 0));
  const date = new Date(0);
  date.setUTCFullYear(fields.year, fields.month - 1, fields.day);
  date.setUTCHours(fields.hour, fields.minute - offsetMinutes, fields.second, 0);
  return date;
}

function digitsAt(ts: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = ts.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * What masters send for every timestamp, `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, read without regexes
 * (metric streams parse one per row); same result as the general rules below. `null` for any other
 * shape, or a year below 100 (which `Date.UTC` would map to 19xx).
 */
function parseCanonicalUtc(ts: string): Date | null {
  const n = ts.length;
  if (n < 20 || ts.charCodeAt(n - 1) !== 90 /* Z */) return null;
  if (
    ts[4] !== '-' ||
    ts[7] !== '-' ||
    (ts[10] !== 'T' && ts[10] !== ' ') ||
    ts[13] !== ':' ||
    ts[16] !== ':'
  ) {
    return null;
  }
  if (n > 20 && (ts[19] !== '.' || digitsAt(ts, 20, n - 21) < 0)) return null;
  const fields = {
    year: digitsAt(ts, 0, 4),
    month: digitsAt(ts, 5, 2),
    day: digitsAt(ts, 8, 2),
    hour: digitsAt(ts, 11, 2),
    minute: digitsAt(ts, 14, 2),
    second: digitsAt(ts, 17, 2),
  };
  if (fields.year < 100 || fields.hour < 0 || fields.minute < 0 || fields.second < 0) return null;
  if (!isValidDateTime(fields)) return null;
  return new Date(
    Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second),
  );
}

interface DateTimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// Groups 1-6 of both timestamp regexes are year, month, day, hour, minute, second.
function fieldsOf(m: RegExpExecArray): DateTimeFields {
  const at = (i: number): number => Number(m[i] ?? 0);
  return { year: at(1), month: at(2), day: at(3), hour: at(4), minute: at(5), second: at(6) };
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

// The checks of Python's `datetime` constructor, which rejects e.g. Feb 30, second 60 or year 0.
function isValidDateTime(f: DateTimeFields): boolean {
  return (
    f.year >= 1 &&
    f.year <= 9999 &&
    f.month >= 1 &&
    f.month <= 12 &&
    f.day >= 1 &&
    f.day <= daysInMonth(f.year, f.month) &&
    f.hour <= 23 &&
    f.minute <= 59 &&
    f.second <= 59
  );
}

// Python's `strptime` regexes for %Y-%m-%dT%H:%M:%S[.%f]Z (which accept non-padded fields and a
// space-padded day); strptime matches literals case-insensitively, hence `[Tt]`.
const LOG_TIMESTAMP =
  /^(\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\d|0[1-9]|[1-9]| [1-9])[Tt](2[0-3]|[01]\d|\d):([0-5]\d|\d):(6[01]|[0-5]\d|\d)(?:\.\d{1,6})?Z$/;

/** True when `ts` is accepted by the Python SDK as a log timestamp string. */
export function isProtobufTimestamp(ts: string): boolean {
  if (!ts.endsWith('Z')) return false;
  const m = LOG_TIMESTAMP.exec(ts);
  return m !== null && isValidDateTime(fieldsOf(m));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Format epoch seconds as the Python SDK does for integer log timestamps: the instant in the
 * machine's local time zone as `YYYY-MM-DDTHH:MM:SS[.ffffff]` followed by `Z`.
 */
export function formatEpochSecondsAsLocal(seconds: number): string {
  let whole = Math.floor(seconds);
  let micros = Math.round((seconds - whole) * 1e6);
  if (micros === 1_000_000) {
    whole += 1;
    micros = 0;
  }
  const d = new Date(whole * 1000);
  const year = d.getFullYear();
  if (Number.isNaN(d.getTime()) || year < 1 || year > 9999) {
    throw new InvalidArgumentError(`Timestamp ${seconds} is out of range.`);
  }
  const date = `${pad(year, 4)}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)}`;
  const time = `${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}`;
  const fraction = micros === 0 ? '' : `.${pad(micros, 6)}`;
  return `${date}T${time}${fraction}Z`;
}

/**
 * Validate and convert a `timestampBefore`/`timestampAfter` log parameter: strings must be
 * `YYYY-MM-DDTHH:MM:SS[.f{1,6}]Z` and are returned unchanged; numbers are epoch seconds,
 * formatted by `formatEpochSecondsAsLocal`.
 */
export function toLogTimestamp(value: unknown): string {
  if (typeof value === 'string') {
    if (!isProtobufTimestamp(value)) {
      throw new InvalidArgumentError(`Timestamp ${value} has an invalid format.`);
    }
    return value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return formatEpochSecondsAsLocal(value);
  }
  throw new InvalidArgumentError('timestampBefore and timestampAfter must be either string or number types.');
}
