import type { Determined, Experiment } from '@determined-ts/client';
import { progressBar } from './render/progress-bar';
import type { Screen } from './render/screen';

/** Options of {@link watchTraining}. */
export interface WatchOptions {
  readonly det: Determined;
  /** The experiment; its `state` is kept fresh by the concurrent `wait()`. */
  readonly exp: Experiment;
  /** Batches each trial trains (`searcher.max_length.batches`). */
  readonly batchesPerTrial: number;
  readonly screen: Screen;
  /** Milliseconds between polls. */
  readonly intervalMs: number;
  /** Aborted when the experiment has finished: one last poll, then the watch resolves. */
  readonly signal: AbortSignal;
}

/** What the watch saw last. */
export interface TrainingSnapshot {
  /** Trial id → state. */
  readonly trialStates: ReadonlyMap<number, string>;
  /** Batches trained over all trials, from the training metric stream. */
  readonly batches: number;
  /** Batches planned over all trials. */
  readonly totalBatches: number;
}

const short = (state: string | null | undefined): string => (state ?? 'unknown').replace(/^STATE_/, '');

/** Batches trained per trial: the highest `stepsCompleted` the training metric stream reports. */
async function trainedBatches(det: Determined, trialIds: readonly number[]): Promise<number> {
  if (trialIds.length === 0) return 0;
  const perTrial = new Map<number, number>();
  for await (const m of det.iterTrialsMetrics([...trialIds], 'training')) {
    perTrial.set(m.trialId, Math.max(perTrial.get(m.trialId) ?? 0, m.stepsCompleted));
  }
  return [...perTrial.values()].reduce((sum, n) => sum + n, 0);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // The listener goes as soon as the wait ends: one per poll would pile up on the long-lived signal.
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Polls the experiment's trials and their training metrics until `signal` is aborted, showing
 * state changes as lines and training as a progress bar (redrawn in a terminal; in a pipe, a line
 * at every quarter).
 */
export async function watchTraining(options: WatchOptions): Promise<TrainingSnapshot> {
  const { det, exp, batchesPerTrial, screen, intervalMs, signal } = options;
  const states = new Map<number, string>();
  let lastExpState = '';
  let quarter = 0;
  let snapshot: TrainingSnapshot = { trialStates: states, batches: 0, totalBatches: batchesPerTrial };
  for (;;) {
    const last = signal.aborted;
    const expState = short(exp.state);
    if (expState !== lastExpState) screen.line(`experiment ${exp.id}: ${expState}`);
    lastExpState = expState;
    const trials = await exp.listTrials();
    for (const trial of trials) {
      const state = short(trial.state);
      if (states.get(trial.id) !== state) screen.line(`trial ${trial.id}: ${state}`);
      states.set(trial.id, state);
    }
    const totalBatches = batchesPerTrial * Math.max(1, trials.length);
    const batches = await trainedBatches(
      det,
      trials.map((t) => t.id),
    );
    snapshot = { trialStates: states, batches, totalBatches };
    const bar = (ascii: boolean) =>
      `training ${progressBar({ done: batches, total: totalBatches, ascii })} ${batches}/${totalBatches} batches`;
    screen.live([bar(false)]);
    const reached = Math.floor((4 * batches) / totalBatches);
    if (!screen.animated && reached > quarter) screen.line(bar(true));
    quarter = Math.max(quarter, reached);
    if (last) break;
    await sleep(intervalMs, signal);
  }
  screen.commit();
  return snapshot;
}
