/** A point in time with the microsecond precision the master's database keeps. */
export interface MicroTime {
  /** Microseconds since 1970-01-01T00:00:00Z. */
  readonly micros: number;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parses an RFC 3339 timestamp as the master stores it (Postgres `timestamptz`: fractions rounded
 * to the microsecond); null when the text is not RFC 3339.
 */
export function parseMicroTime(text: string): MicroTime | null {
  const m = RFC3339.exec(text);
  if (m === null) return null;
  const [, date, time, fraction = '', zone = 'Z'] = m;
  const seconds = Date.parse(`${date}T${time}${zone.toUpperCase()}`);
  if (Number.isNaN(seconds)) return null;
  const micros = Math.round(Number(`0.${fraction || '0'}`) * 1e6);
  return { micros: seconds * 1000 + micros };
}

/** A time from epoch milliseconds. */
export function microTimeOfMs(ms: number): MicroTime {
  return { micros: Math.round(ms * 1000) };
}

/** Milliseconds since the epoch of a time (what the virtual clock compares). */
export function msOf(time: MicroTime): number {
  return Math.floor(time.micros / 1000);
}

/**
 * A time as the master's JSON encoding writes a `google.protobuf.Timestamp`: RFC 3339 in UTC with
 * `Z`, and 0, 3 or 6 fractional digits (as many as the value needs).
 */
export function formatProtoTimestamp(time: MicroTime): string {
  const micros = ((time.micros % 1_000_000) + 1_000_000) % 1_000_000;
  const seconds = (time.micros - micros) / 1_000_000;
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  if (micros === 0) return `${base}Z`;
  if (micros % 1000 === 0) return `${base}.${String(micros / 1000).padStart(3, '0')}Z`;
  return `${base}.${String(micros).padStart(6, '0')}Z`;
}
