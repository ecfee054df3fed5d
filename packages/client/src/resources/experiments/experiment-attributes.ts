/**
 * What an experiment is, as the master last sent it: the attributes `Experiment` shares with the
 * Python SDK and the listing attributes it adds.
 */

import type { OperationResult } from '../../core/operation-types';
import { ExperimentState, parseEnum } from '../../lib/enums';
import {
  type ExperimentListingFields,
  listingFieldsOf,
  NO_LISTING_FIELDS,
} from './experiment-listing-fields';

/** The `v1Experiment` the master sends. */
export type ApiExperiment = OperationResult<'GetExperiment'>['experiment'];

/** The attributes of an {@link Experiment}; every one is `null` until the master has sent it. */
export abstract class ExperimentAttributes {
  /** Experiment ID. */
  readonly id: number;
  /** The expanded experiment configuration (hyperparameters, searcher, resources, ...). */
  config: Record<string, unknown> | null = null;
  /** Current state. */
  state: ExperimentState | null = null;
  /** Whether the experiment is archived (hidden from default listings). */
  archived: boolean | null = null;
  /** Display name. */
  name: string | null = null;
  /** Searcher progress from 0 to 1, or `null` when the master reports none. */
  progress: number | null = null;
  /** Free-text description. */
  description: string | null = null;
  /** Markdown notes. */
  notes: string | null = null;
  /** `null` instead of an empty set after hydration or `setLabels`. */
  labels: Set<string> | null = null;
  /** ID of the project that holds the experiment. */
  projectId: number | null = null;
  /** ID of the workspace of its project. */
  workspaceId: number | null = null;
  #listing: ExperimentListingFields = NO_LISTING_FIELDS;

  constructor(experimentId: number) {
    this.id = experimentId;
  }

  /** Sets every attribute from a `v1Experiment` the master sent. */
  protected hydrate(raw: ApiExperiment): void {
    const state = parseEnum(ExperimentState, raw.state, 'experiment state');
    const listing = listingFieldsOf(raw);
    this.config = raw.config;
    this.state = state;
    this.archived = raw.archived;
    this.name = raw.name;
    this.progress = raw.progress ?? null;
    this.description = raw.description ?? null;
    this.notes = raw.notes ?? null;
    this.labels = raw.labels?.length ? new Set(raw.labels) : null;
    this.projectId = raw.projectId;
    this.workspaceId = raw.workspaceId ?? null;
    this.#listing = listing;
  }

  /** The owner's username (not a Python SDK attribute, like the listing attributes below). */
  get username(): string | null {
    return this.#listing.username;
  }

  /** The searcher's metric: the master's `searcherMetric`, else the config's `searcher.metric`. */
  get searcherMetric(): string | null {
    return this.#listing.searcherMetric;
  }

  /** The config's `searcher.smaller_is_better`: the direction of `searcherMetric`. */
  get smallerIsBetter(): boolean | null {
    return this.#listing.smallerIsBetter;
  }

  /** The trial with the best value of the searcher metric (`null` before any validation). */
  get bestTrialId(): number | null {
    return this.#listing.bestTrialId;
  }

  /** That trial's best value of the searcher metric; `null` whenever `bestTrialId` is. */
  get bestTrialSearcherMetric(): number | null {
    return this.#listing.bestTrialSearcherMetric;
  }

  /** Number of trials so far. */
  get numTrials(): number | null {
    return this.#listing.numTrials;
  }

  /** When the experiment started (whole seconds, like every API timestamp of the SDK). */
  get startTime(): Date | null {
    return this.#listing.startTime;
  }

  /** When it ended; `null` while it runs. */
  get endTime(): Date | null {
    return this.#listing.endTime;
  }
}
