/**
 * The polling loops of `Experiment.awaitFirstTrial` and `Experiment.wait` (Python SDK section 3).
 */
import { DeterminedError, InvalidArgumentError, TimeoutError } from '../../core/errors';
import type { MethodOptions, SignalOption } from '../../core/method-options';
import { sleep } from '../../core/retry';
import type { Session } from '../../core/session';
import { warnDeprecated } from '../../lib/deprecation';
import { ExperimentState, isTerminalExperimentState, OrderBy, TrialSortBy } from '../../lib/enums';
import { Trial } from '../trials/trial';

/** Options of `Experiment.wait` and `Experiment.awaitFirstTrial`. */
export interface PollOptions extends SignalOption {
  /** Pause between polls in ms (`wait`: 5000, `awaitFirstTrial`: 100). */
  readonly intervalMs?: number | undefined;
  /**
   * Give up after this many ms in total with `TimeoutError` (default: wait forever, as upstream).
   * Each request keeps the transport's own per-request timeout.
   */
  readonly deadlineMs?: number | undefined;
  /**
   * @deprecated The overall deadline is `deadlineMs` (`timeoutMs` means the per-request timeout
   * everywhere else); used only when `deadlineMs` is unset.
   */
  readonly timeoutMs?: number | undefined;
}

/** What the loops need from an experiment. */
export interface PolledExperiment {
  readonly id: number;
  readonly state: ExperimentState | null;
  reload(options?: MethodOptions): Promise<void>;
}

class Clock {
  readonly #deadline: number | undefined;

  constructor(
    readonly intervalMs: number,
    deadlineMs: number | undefined,
  ) {
    if (!Number.isFinite(intervalMs) || intervalMs < 0) {
      throw new InvalidArgumentError(`intervalMs must be a non-negative number, got ${intervalMs}`);
    }
    if (deadlineMs !== undefined && (!Number.isFinite(deadlineMs) || deadlineMs < 0)) {
      throw new InvalidArgumentError(`deadlineMs must be a non-negative number, got ${deadlineMs}`);
    }
    this.#deadline = deadlineMs === undefined ? undefined : Date.now() + deadlineMs;
  }

  /** Sleep one interval (cut short at the deadline); throws once the deadline has passed. */
  async pause(what: string, signal: AbortSignal | undefined): Promise<void> {
    const remaining = this.#deadline === undefined ? Number.POSITIVE_INFINITY : this.#deadline - Date.now();
    if (remaining <= 0) throw new TimeoutError(`timed out waiting for ${what}`);
    await sleep(Math.min(this.intervalMs, remaining), signal);
  }
}

/** The overall deadline: `deadlineMs`, else the deprecated `timeoutMs` (with a one-time warning). */
function deadlineOf(options: PollOptions & { session: Session }, method: string): number | undefined {
  if (options.deadlineMs !== undefined || options.timeoutMs === undefined) return options.deadlineMs;
  warnDeprecated(
    `${method}({ timeoutMs })`,
    `${method}({ timeoutMs }) is deprecated and will be removed in a future version; use { deadlineMs } ` +
      'for the overall deadline (timeoutMs is the per-request timeout everywhere else).',
    options.session.logger,
  );
  return options.timeoutMs;
}

/**
 * Poll until the experiment is COMPLETED, CANCELED, DELETED or ERROR and return that state.
 * PAUSED raises `InvalidArgumentError`. Every whole minute of waiting logs a progress line.
 */
export async function waitForExperiment(
  experiment: PolledExperiment,
  options: PollOptions & { session: Session },
): Promise<ExperimentState> {
  const clock = new Clock(options.intervalMs ?? 5000, deadlineOf(options, 'Experiment.wait'));
  const { signal } = options;
  let elapsedMs = 0;
  while (true) {
    await experiment.reload({ signal });
    const { state } = experiment;
    if (state !== null && isTerminalExperimentState(state)) return state;
    if (state === ExperimentState.PAUSED) {
      throw new InvalidArgumentError(
        `Experiment ${experiment.id} is in paused state. Make sure the experiment is active.`,
      );
    }
    await clock.pause(`experiment ${experiment.id} to finish`, signal);
    elapsedMs += clock.intervalMs;
    if (elapsedMs % 60_000 === 0) {
      options.session.logger.info(
        `Waiting for Experiment ${experiment.id} to complete. Elapsed ${elapsedMs / 60_000} minutes`,
      );
    }
  }
}

/**
 * Poll until the experiment has a trial and return the first one by start time (even when the
 * experiment has already ended); fail when it ends without any trial.
 */
export async function awaitFirstTrial(
  experiment: PolledExperiment,
  options: PollOptions & { session: Session },
): Promise<Trial> {
  const clock = new Clock(options.intervalMs ?? 100, deadlineOf(options, 'Experiment.awaitFirstTrial'));
  const { session, signal } = options;
  while (true) {
    await experiment.reload({ signal });
    const { state } = experiment;
    const response = await session.call(
      'GetExperimentTrials',
      {
        path: { experimentId: experiment.id },
        query: { orderBy: OrderBy.ASC, sortBy: TrialSortBy.START_TIME },
      },
      signal === undefined ? {} : { signal },
    );
    const [first] = response.trials;
    if (first !== undefined) return Trial.fromApi(first, session);
    await clock.pause(`the first trial of experiment ${experiment.id}`, signal);
    if (state !== null && isTerminalExperimentState(state)) {
      throw new DeterminedError(
        `Experiment ${experiment.id} terminated in state ${state} before any trial started.`,
      );
    }
  }
}
