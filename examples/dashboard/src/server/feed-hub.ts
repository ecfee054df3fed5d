/**
 * The feeds the server runs: one experiment list feed, and one feed per experiment that someone
 * watches (shared by every page watching it, dropped when the last one leaves).
 */
import type { Determined } from '@determined-ts/client';
import { ExperimentFeed } from '../data/experiment-feed';
import { ExperimentListFeed } from '../data/experiment-list-feed';
import type { FeedListener } from '../data/live-feed';

/** Options of {@link FeedHub}. */
export interface FeedHubOptions {
  readonly det: Determined;
  readonly pollMs: number;
  readonly topCheckpoints: number;
}

/** Owns the running feeds. */
export class FeedHub {
  readonly #options: FeedHubOptions;
  readonly #list: ExperimentListFeed;
  readonly #experiments = new Map<number, ExperimentFeed>();

  constructor(options: FeedHubOptions) {
    this.#options = options;
    this.#list = new ExperimentListFeed({ det: options.det, pollMs: options.pollMs });
  }

  /** Listens to the experiment list; returns the unsubscribe function. */
  subscribeList(listener: FeedListener): () => void {
    return this.#list.subscribe(listener);
  }

  /** Listens to one experiment; returns the unsubscribe function. */
  subscribeExperiment(experimentId: number, listener: FeedListener): () => void {
    let feed = this.#experiments.get(experimentId);
    if (feed === undefined) {
      feed = new ExperimentFeed({ ...this.#options, experimentId });
      this.#experiments.set(experimentId, feed);
    }
    const unsubscribe = feed.subscribe(listener);
    const current = feed;
    return () => {
      unsubscribe();
      if (current.listenerCount > 0 || this.#experiments.get(experimentId) !== current) return;
      this.#experiments.delete(experimentId);
      void current.close();
    };
  }

  /** Stops every feed and waits for their polls to end. */
  async close(): Promise<void> {
    const feeds = [this.#list, ...this.#experiments.values()];
    this.#experiments.clear();
    await Promise.all(feeds.map((feed) => feed.close()));
  }
}
