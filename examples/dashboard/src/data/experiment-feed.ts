/** The live view of one experiment: its summary, trials, learning curves and top checkpoints. */
import type { Determined, Experiment } from '@determined-ts/client';
import { topCheckpoints } from './checkpoint-summary';
import { getExperimentSummary } from './experiment-summary';
import { LiveFeed, type TickResult } from './live-feed';
import { MetricsCursor } from './metrics-cursor';

/** One row of the trial table. */
export interface TrialSummary {
  readonly id: number;
  readonly state: string | null;
  readonly hparams: Readonly<Record<string, unknown>> | null;
}

/** Options of {@link ExperimentFeed}. */
export interface ExperimentFeedOptions {
  readonly det: Determined;
  readonly experimentId: number;
  /** Real milliseconds between polls of the master. */
  readonly pollMs: number;
  /** How many of the best checkpoints to list. */
  readonly topCheckpoints: number;
}

/**
 * Events: `experiment` (an `ExperimentSummary`), `trials` (`TrialSummary[]`), `points` (new
 * `CurvePoint`s; a subscriber first gets all of them), `checkpoints` (`CheckpointSummary[]`) and
 * `problem`. Polling ends after the first poll that finds the experiment terminal.
 */
export class ExperimentFeed extends LiveFeed {
  readonly #det: Determined;
  readonly #experimentId: number;
  /** Fetched by the first poll; its listings need nothing else from it. */
  #experiment: Experiment | null = null;
  readonly #topCheckpoints: number;
  readonly #cursor = new MetricsCursor();

  constructor(options: ExperimentFeedOptions) {
    super({ pollMs: options.pollMs });
    this.#det = options.det;
    this.#experimentId = options.experimentId;
    this.#topCheckpoints = options.topCheckpoints;
  }

  protected async tick(signal: AbortSignal): Promise<TickResult> {
    const summary = await getExperimentSummary(this.#det, this.#experimentId, { signal });
    this.publish('experiment', summary);
    this.#experiment ??= await this.#det.getExperiment(this.#experimentId, { signal });
    const trials = await this.#experiment.listTrials({ signal });
    this.publish(
      'trials',
      trials.map((trial): TrialSummary => ({ id: trial.id, state: trial.state, hparams: trial.hparams })),
    );
    const trialIds = trials.map((trial) => trial.id);
    this.append('points', await this.#cursor.next(this.#det, trialIds, { signal }));
    const checkpoints = await topCheckpoints(this.#experiment, {
      limit: this.#topCheckpoints,
      metricName: summary.searcherMetric,
      signal,
    });
    this.publish('checkpoints', checkpoints);
    return summary.terminal ? 'finished' : 'continue';
  }
}
