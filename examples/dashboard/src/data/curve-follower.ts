/**
 * Live learning curves on the SDK's followed metric streams: `iterTrialsMetrics(trialIds, group,
 * { follow: true })` sends each report once, as the trials make them, and ends once its trials are
 * terminal. One stream per group follows the trials known when it starts; trials that appear later
 * get streams of their own. Nothing here re-reads or compares steps, except to resume a stream
 * that failed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Determined, TrialMetrics } from '@determined-ts/client';

/** The metric groups the dashboard draws. */
export const CURVE_GROUPS = ['training', 'validation'] as const;

/** A metric group drawn by the dashboard. */
export type CurveGroup = (typeof CURVE_GROUPS)[number];

/** One report of one trial: the numeric metrics at a step. */
export interface CurvePoint {
  readonly trialId: number;
  readonly group: CurveGroup;
  readonly step: number;
  readonly metrics: Readonly<Record<string, number>>;
}

/** Options of {@link CurveFollower}. */
export interface CurveFollowerOptions {
  readonly det: Determined;
  /** Real milliseconds between two reads of a followed stream. */
  readonly intervalMs: number;
  /** Receives the points as they come, in batches, each trial's by increasing step. */
  readonly onPoints: (points: readonly CurvePoint[]) => void;
}

function pointOf(report: TrialMetrics, group: CurveGroup): CurvePoint {
  const metrics: Record<string, number> = {};
  for (const [name, value] of Object.entries(report.metrics)) {
    if (typeof value === 'number' && Number.isFinite(value)) metrics[name] = value;
  }
  return { trialId: report.trialId, group, step: report.stepsCompleted, metrics };
}

/** Follows the curves of the trials it is given until they end or {@link CurveFollower.close}. */
export class CurveFollower {
  readonly #options: CurveFollowerOptions;
  readonly #abort = new AbortController();
  readonly #followed = new Set<number>();
  readonly #streams = new Set<Promise<void>>();
  #pending: CurvePoint[] = [];
  #failure: unknown = null;

  constructor(options: CurveFollowerOptions) {
    this.#options = options;
  }

  /** Starts following the trials among `trialIds` that are not followed yet. */
  follow(trialIds: readonly number[]): void {
    const fresh = trialIds.filter((id) => !this.#followed.has(id));
    if (fresh.length === 0 || this.#abort.signal.aborted) return;
    for (const id of fresh) this.#followed.add(id);
    for (const group of CURVE_GROUPS) {
      const stream = this.#run(fresh, group);
      this.#streams.add(stream);
      void stream.finally(() => this.#streams.delete(stream));
    }
  }

  /**
   * Throws the failure of a stream since the last call, if any. The SDK has already read again
   * what a cut connection lost; a stream that failed all the same (the master away for longer, the
   * session refused) starts again after `intervalMs`, past the last step it handed over.
   */
  throwFailure(): void {
    const failure = this.#failure;
    this.#failure = null;
    if (failure !== null) throw failure;
  }

  /** Number of streams still following (each ends once its trials are terminal). */
  get activeStreams(): number {
    return this.#streams.size;
  }

  /** Stops every stream and waits for them to end. */
  async close(): Promise<void> {
    this.#abort.abort();
    await Promise.all(this.#streams);
  }

  async #run(trialIds: readonly number[], group: CurveGroup): Promise<void> {
    const { det, intervalMs } = this.#options;
    const signal = this.#abort.signal;
    // The last step handed over per trial: only a stream started again after a failure needs it.
    const delivered = new Map<number, number>();
    while (!signal.aborted) {
      try {
        const reports = det.iterTrialsMetrics(trialIds, group, { follow: true, intervalMs, signal });
        for await (const report of reports) {
          if (report.stepsCompleted <= (delivered.get(report.trialId) ?? Number.NEGATIVE_INFINITY)) continue;
          delivered.set(report.trialId, report.stepsCompleted);
          this.#deliver(pointOf(report, group));
        }
        return;
      } catch (error) {
        if (signal.aborted) return;
        this.#failure = error;
        await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  /**
   * Queues `point` and hands the queue over once the reports the SDK already holds have been
   * read: a stream's line carries up to a thousand of them, which then go out as one batch.
   */
  #deliver(point: CurvePoint): void {
    this.#pending.push(point);
    if (this.#pending.length > 1) return;
    setImmediate(() => {
      const points = this.#pending;
      this.#pending = [];
      if (!this.#abort.signal.aborted) this.#options.onPoints(points);
    });
  }
}
