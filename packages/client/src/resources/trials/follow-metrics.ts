/**
 * `iterTrialsMetrics(…, { follow: true })`: the metric reports of running trials as they come.
 * The master's stream ends with what it has stored, so following reads it again every
 * `intervalMs` and yields only the reports past each trial's cursor (the last `totalBatches` it
 * yielded for that trial, in the one group of the call).
 */
import { InvalidArgumentError } from '../../core/errors';
import { sleep } from '../../core/retry';
import type { Session } from '../../core/session';
import { isTerminalExperimentState } from '../../lib/enums';
import type { TrialMetrics } from '../../lib/metrics';
import { isStreamCut } from './stream-cut';

/** Milliseconds between two reads of a followed stream when `intervalMs` is not given. */
export const DEFAULT_FOLLOW_INTERVAL_MS = 1000;

// setTimeout's longest delay; a longer one would fire at once.
const MAX_INTERVAL_MS = 2_147_483_647;

// Trial states are read in groups of this many concurrent requests.
const STATE_READS_AT_ONCE = 8;

// Rounds cut in a row, with no new report between them, before the cut is the caller's.
const MAX_CUTS_WITHOUT_PROGRESS = 5;

/** The follow options of `iterTrialsMetrics` and `Trial.iterMetrics`. */
export interface FollowMetricsOptions {
  /**
   * Keep reading until every trial is in a terminal state (COMPLETED, CANCELED, ERROR),
   * yielding each report once; default `false` (what the master has now, as the Python SDK).
   */
  readonly follow?: boolean | undefined;
  /** With `follow`: milliseconds between two reads (default 1000). */
  readonly intervalMs?: number | undefined;
}

/**
 * The interval of a followed stream, or `null` when `options` do not follow. Throws
 * `InvalidArgumentError` for options of the wrong type, and for `intervalMs` without `follow`.
 */
export function followIntervalMs(options: FollowMetricsOptions): number | null {
  const { follow, intervalMs } = options;
  if (follow !== undefined && typeof follow !== 'boolean') {
    throw new InvalidArgumentError(`follow must be a boolean, got ${describe(follow)}`);
  }
  if (intervalMs !== undefined) {
    if (typeof intervalMs !== 'number' || !(intervalMs > 0) || intervalMs > MAX_INTERVAL_MS) {
      throw new InvalidArgumentError(
        `intervalMs must be a number of milliseconds above 0 and at most ${MAX_INTERVAL_MS}, got ${describe(intervalMs)}`,
      );
    }
    if (follow !== true) throw new InvalidArgumentError('intervalMs applies only with follow: true');
  }
  return follow === true ? (intervalMs ?? DEFAULT_FOLLOW_INTERVAL_MS) : null;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `the string "${value}"` : `${String(value)} (${typeof value})`;
}

/** The trial IDs to follow, each once; a clear error for anything but positive integers. */
function followedIds(trialIds: readonly number[]): number[] {
  if (!Array.isArray(trialIds) || trialIds.length === 0) {
    throw new InvalidArgumentError('follow needs at least one trial ID');
  }
  for (const id of trialIds) {
    if (!Number.isSafeInteger(id) || id <= 0) {
      throw new InvalidArgumentError(`trial IDs must be positive integers, got ${describe(id)}`);
    }
  }
  return [...new Set(trialIds)];
}

/** Options of {@link followTrialsMetrics}. */
export interface FollowTrialsMetricsOptions {
  /** Milliseconds between two reads. */
  readonly intervalMs: number;
  /** Cancels the follow: it then rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined;
  /** One read of the stored reports of these trials, as the master sends them. */
  readonly read: (trialIds: readonly number[]) => AsyncIterable<TrialMetrics>;
}

/** The IDs among `trialIds` whose trial is in a terminal state now (`GET /api/v1/trials/{id}`). */
async function terminalTrials(
  session: Session,
  trialIds: readonly number[],
  signal: AbortSignal | undefined,
): Promise<Set<number>> {
  const terminal = new Set<number>();
  for (let start = 0; start < trialIds.length; start += STATE_READS_AT_ONCE) {
    const group = trialIds.slice(start, start + STATE_READS_AT_ONCE);
    const answers = await Promise.all(
      group.map((trialId) => session.call('GetTrial', { path: { trialId } }, { signal })),
    );
    answers.forEach(({ trial }, index) => {
      const trialId = group[index];
      if (trialId !== undefined && isTerminalExperimentState(trial.state)) terminal.add(trialId);
    });
  }
  return terminal;
}

/**
 * Follow the reports of `trialIds`: read them all, then every `intervalMs` read again the trials
 * still running and yield only the reports past each trial's cursor. Each round reads the trials'
 * states before their reports, so the read after a trial is seen terminal holds everything it
 * reported; that trial is then no longer read, and the follow ends when none is left. Each trial's
 * reports come in increasing steps, never twice; a restarted trial's reports up to a step already
 * yielded are not yielded again. A round whose connection is cut is read again (up to five times
 * in a row without a new report), so a cut loses and repeats nothing. The trial IDs are checked at
 * once (`InvalidArgumentError`).
 */
export function followTrialsMetrics(
  session: Session,
  trialIds: readonly number[],
  options: FollowTrialsMetricsOptions,
): AsyncGenerator<TrialMetrics, void, undefined> {
  return follow(session, followedIds(trialIds), options);
}

async function* follow(
  session: Session,
  trialIds: readonly number[],
  options: FollowTrialsMetricsOptions,
): AsyncGenerator<TrialMetrics, void, undefined> {
  const { intervalMs, signal, read } = options;
  const cursors = new Map<number, number>();
  let running = trialIds;
  let failures = 0;
  while (true) {
    try {
      const finished = await terminalTrials(session, running, signal);
      for await (const report of read(running)) {
        if (report.stepsCompleted <= (cursors.get(report.trialId) ?? Number.NEGATIVE_INFINITY)) continue;
        cursors.set(report.trialId, report.stepsCompleted);
        failures = 0;
        yield report;
      }
      failures = 0;
      running = running.filter((trialId) => !finished.has(trialId));
      if (running.length === 0) return;
      await sleep(intervalMs, signal);
    } catch (error) {
      failures += 1;
      if (!isStreamCut(error) || failures > MAX_CUTS_WITHOUT_PROGRESS) throw error;
      session.logger.info('a followed metrics stream was cut; reading again past the last report yielded', {
        trialIds: running,
      });
      // The cursors hold: the repeated round yields only what the cut one had not.
      await sleep(Math.min(intervalMs, 50 * 2 ** (failures - 1)), signal);
    }
  }
}
