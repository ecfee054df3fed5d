/**
 * A feed of server-sent events fed by polling the master: it polls while someone listens, sends
 * each listener what is known so far when it subscribes, then only changes.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** One event for the page: an SSE event name and its JSON data. */
export interface FeedEvent {
  readonly event: string;
  readonly data: unknown;
}

/** Receives a feed's events. */
export type FeedListener = (event: FeedEvent) => void;

/** What a poll found: whether anything can still change. */
export type TickResult = 'continue' | 'finished';

/** The event carrying the last polling failure (`{ message: null }` once polling works again). */
export const PROBLEM_EVENT = 'problem';

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Base of the dashboard's feeds; subclasses implement {@link LiveFeed.tick}. */
export abstract class LiveFeed {
  readonly #pollMs: number;
  readonly #listeners = new Set<FeedListener>();
  /** Latest value and its JSON per replaceable event. */
  readonly #latest = new Map<string, { data: unknown; json: string }>();
  /** Every item appended so far per appending event. */
  readonly #appended = new Map<string, unknown[]>();
  /** Aborts the current polling loop; `null` while none runs. */
  #abort: AbortController | null = null;
  /** The polling loop, including one that was aborted and has not ended yet. */
  #loop: Promise<void> = Promise.resolve();
  #finished = false;
  #problem: string | null = null;

  constructor(options: { pollMs: number }) {
    if (!Number.isFinite(options.pollMs) || options.pollMs <= 0) {
      throw new RangeError(`pollMs must be a positive number of milliseconds, got ${options.pollMs}`);
    }
    this.#pollMs = options.pollMs;
  }

  /** Reads the master once and publishes what it found. */
  protected abstract tick(signal: AbortSignal): Promise<TickResult>;

  /** Sends `data` as `event` unless it equals the last value sent under that name. */
  protected publish(event: string, data: unknown): void {
    const json = JSON.stringify(data);
    if (this.#latest.get(event)?.json === json) return;
    this.#latest.set(event, { data, json });
    this.#emit({ event, data });
  }

  /** Sends `items` as `event` and keeps them for later subscribers. */
  protected append(event: string, items: readonly unknown[]): void {
    if (items.length === 0) return;
    const kept = this.#appended.get(event) ?? [];
    kept.push(...items);
    this.#appended.set(event, kept);
    this.#emit({ event, data: items });
  }

  /** Number of current listeners. */
  get listenerCount(): number {
    return this.#listeners.size;
  }

  /** Adds a listener, replays what is known, starts polling; returns the unsubscribe function. */
  subscribe(listener: FeedListener): () => void {
    for (const [event, { data }] of this.#latest) listener({ event, data });
    for (const [event, items] of this.#appended) listener({ event, data: items });
    this.#listeners.add(listener);
    if (this.#abort === null && !this.#finished) {
      const abort = new AbortController();
      this.#abort = abort;
      // A loop aborted a moment ago may still be finishing its poll: never poll twice at once.
      this.#loop = this.#loop.then(() => this.#run(abort.signal));
    }
    return () => {
      if (!this.#listeners.delete(listener) || this.#listeners.size > 0) return;
      this.#abort?.abort();
      this.#abort = null;
    };
  }

  /** Stops polling and waits for the current poll to end. */
  async close(): Promise<void> {
    this.#listeners.clear();
    this.#abort?.abort();
    this.#abort = null;
    await this.#loop;
  }

  #emit(event: FeedEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  #setProblem(message: string | null): void {
    if (message === this.#problem) return;
    this.#problem = message;
    this.publish(PROBLEM_EVENT, { message });
  }

  async #run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const result = await this.tick(signal);
        this.#setProblem(null);
        if (result === 'finished') {
          this.#finished = true;
          return;
        }
      } catch (error) {
        if (signal.aborted) return;
        this.#setProblem(messageOf(error));
      }
      await sleep(this.#pollMs, undefined, { signal }).catch(() => undefined);
    }
  }
}
