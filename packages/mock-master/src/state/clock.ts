/** Options for {@link VirtualClock}. */
export interface VirtualClockOptions {
  /** Virtual milliseconds that pass per real millisecond (e.g. 1000: one virtual second per real ms). */
  speed: number;
  /** Virtual epoch at creation, in ms since 1970 (default: the real time of creation). */
  startMs?: number;
  /** Source of real time in ms (default `Date.now`); tests may replace it. */
  realNow?: () => number;
}

/**
 * Simulated time. Virtual time advances lazily with real time multiplied by `speed`, plus any
 * explicit {@link VirtualClock.advance} calls; nothing runs in the background.
 */
export class VirtualClock {
  readonly speed: number;
  private readonly realNow: () => number;
  private readonly realStart: number;
  private readonly virtualStart: number;
  private advanced = 0;
  private last = 0;

  constructor(options: VirtualClockOptions) {
    if (!Number.isFinite(options.speed) || options.speed < 0) {
      throw new RangeError(`clock speed must be a finite number >= 0, got ${options.speed}`);
    }
    this.speed = options.speed;
    this.realNow = options.realNow ?? Date.now;
    this.realStart = this.realNow();
    this.virtualStart = options.startMs ?? this.realStart;
  }

  /** Current virtual time in ms since 1970; never decreases. */
  nowMs(): number {
    const t = this.virtualStart + (this.realNow() - this.realStart) * this.speed + this.advanced;
    this.last = Math.max(this.last, Math.floor(t));
    return this.last;
  }

  /** Current virtual time as a Date. */
  now(): Date {
    return new Date(this.nowMs());
  }

  /** Moves virtual time forward by `ms` (tests). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance by ${ms} ms`);
    this.advanced += ms;
  }
}

/** RFC 3339 timestamp with microseconds, as the master writes them. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
