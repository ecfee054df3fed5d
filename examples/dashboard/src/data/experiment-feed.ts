/** The live view of one experiment: its summary, trials, learning curves and top checkpoints. */
import type { Determined, Experiment } from '@determined-ts/client';
import { topCheckpoints } from './checkpoint-summary';
import { CurveFollower } from './curve-follower';
import { summarize } from './experiment-summary';
import { LiveFeed, type TickResult } from './live-feed';

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
  /** Real milliseconds between polls of the master (and between reads of the curves). */
  readonly pollMs: number;
  /** How many of the best checkpoints to list. */
  readonly topCheckpoints: number;
}

/**
 * Events: `experiment` (an `ExperimentSummary`), `trials` (`TrialSummary[]`), `points` (new
 * `CurvePoint`s as the SDK's followed metric streams yield them; a subscriber first gets all of
 * them), `checkpoints` (`CheckpointSummary[]`) and `problem`. Polling ends after the first poll
 * that finds the experiment terminal; the curves end by themselves once their trials are.
 */
export class ExperimentFeed extends LiveFeed {
  readonly #det: Determined;
  readonly #experimentId: number;
  /** Fetched by the first poll, reloaded by every later one (one request for the summary). */
  #experiment: Experiment | null = null;
  readonly #topCheckpoints: number;
  readonly #curves: CurveFollower;

  constructor(options: ExperimentFeedOptions) {
    super({ pollMs: options.pollMs });
    this.#det = options.det;
    this.#experimentId = options.experimentId;
    this.#topCheckpoints = options.topCheckpoints;
    this.#curves = new CurveFollower({
      det: options.det,
      intervalMs: options.pollMs,
      onPoints: (points) => this.append('points', points),
    });
  }

  protected async tick(signal: AbortSignal): Promise<TickResult> {
    const experiment = await this.#loadExperiment(signal);
    const summary = summarize(experiment);
    this.publish('experiment', summary);
    const trials = await experiment.listTrials({ signal });
    this.publish(
      'trials',
      trials.map((trial): TrialSummary => ({ id: trial.id, state: trial.state, hparams: trial.hparams })),
    );
    this.#curves.follow(trials.map((trial) => trial.id));
    const checkpoints = await topCheckpoints(experiment, {
      limit: this.#topCheckpoints,
      metricName: summary.searcherMetric,
      signal,
    });
    this.publish('checkpoints', checkpoints);
    this.#curves.throwFailure();
    return summary.terminal ? 'finished' : 'continue';
  }

  async #loadExperiment(signal: AbortSignal): Promise<Experiment> {
    if (this.#experiment === null) {
      this.#experiment = await this.#det.getExperiment(this.#experimentId, { signal });
    } else {
      await this.#experiment.reload({ signal });
    }
    return this.#experiment;
  }

  /** Stops polling and the curves' streams. */
  override async close(): Promise<void> {
    await Promise.all([super.close(), this.#curves.close()]);
  }
}
