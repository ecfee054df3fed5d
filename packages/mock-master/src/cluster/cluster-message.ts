import { invalidArgument } from '../errors';
import { formatProtoTimestamp, type MicroTime, msOf, parseMicroTime } from './proto-timestamp';
import type { Wire } from './types';

/** Parses a Go duration string (`1h30m`, `90s`, `1.5h`) to ms; null when invalid. */
export function parseGoDuration(text: string): number | null {
  const units: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    total += Number(m[1]) * (units[m[2] ?? ''] ?? 0);
    consumed = re.lastIndex;
  }
  return consumed === text.length && consumed > 0 ? total : null;
}

interface StoredMessage {
  message: string;
  start: MicroTime;
  end: MicroTime | null;
  createdTime: string;
}

function timeOf(text: string, field: string): MicroTime {
  const time = parseMicroTime(text);
  if (time === null) throw invalidArgument(`invalid ${field}: ${text}`);
  return time;
}

/**
 * The cluster-wide message (at most one). Its times are kept to the microsecond, as the master's
 * database keeps them, and written back in the master's timestamp encoding.
 */
export class ClusterMessageStore {
  private message: StoredMessage | null = null;

  /** The stored message (active or not), or null. */
  get(): Wire['v1ClusterMessage'] | null {
    return this.message === null ? null : render(this.message);
  }

  /** The message when it is active at `nowMs`, or null. */
  active(nowMs: number): Wire['v1ClusterMessage'] | null {
    const m = this.message;
    if (m === null || msOf(m.start) > nowMs) return null;
    if (m.end !== null && msOf(m.end) <= nowMs) return null;
    return render(m);
  }

  /** Sets the message from a `SetClusterMessage` body, with the master's checks. */
  set(body: Wire['v1SetClusterMessageRequest'], createdTime: string): void {
    const hasEnd = body.endTime !== undefined && body.endTime !== null;
    const hasDuration = body.duration !== undefined && body.duration !== null;
    if (hasEnd && hasDuration) throw invalidArgument('EndTime and Duration are mutually exclusive');
    const start = timeOf(body.startTime, 'startTime');
    let end: MicroTime | null = hasEnd ? timeOf(body.endTime as string, 'endTime') : null;
    if (hasDuration) {
      const ms = parseGoDuration(body.duration as string);
      if (ms === null || ms < 0)
        throw invalidArgument('Duration must be a Go-formatted duration string with a positive value');
      end = { micros: start.micros + Math.round(ms * 1000) };
    }
    if (end !== null && end.micros <= start.micros)
      throw invalidArgument('invalid input: end time must be after start time');
    this.message = { message: body.message, start, end, createdTime };
  }

  /** Clears the message. */
  clear(): void {
    this.message = null;
  }
}

function render(m: StoredMessage): Wire['v1ClusterMessage'] {
  return {
    message: m.message,
    startTime: formatProtoTimestamp(m.start),
    endTime: m.end === null ? null : formatProtoTimestamp(m.end),
    createdTime: m.createdTime,
  };
}
