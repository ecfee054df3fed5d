/** The live experiment list of the master. */
import type { Determined } from '@determined-ts/client';
import { listExperimentSummaries } from './experiment-summary';
import { LiveFeed, type TickResult } from './live-feed';

/** Event `experiments`: the most recent experiments (`ExperimentSummary[]`), whenever they change. */
export class ExperimentListFeed extends LiveFeed {
  readonly #det: Determined;
  readonly #limit: number;

  constructor(options: { det: Determined; pollMs: number; limit?: number | undefined }) {
    super({ pollMs: options.pollMs });
    this.#det = options.det;
    this.#limit = options.limit ?? 50;
  }

  protected async tick(signal: AbortSignal): Promise<TickResult> {
    this.publish('experiments', await listExperimentSummaries(this.#det, { limit: this.#limit, signal }));
    return 'continue';
  }
}
