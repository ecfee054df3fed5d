/**
 * What the dashboard shows of an experiment, read from the SDK's `Experiment` objects: the
 * Python SDK's attributes plus the listing attributes (`username`, `searcherMetric`,
 * `smallerIsBetter`, `bestTrialSearcherMetric`, `numTrials`, `startTime`, `endTime`). The list
 * comes from `det.iterExperiments`, one page of the most recent experiments.
 */
import {
  type Determined,
  type Experiment,
  ExperimentSortBy,
  isTerminalExperimentState,
  OrderBy,
} from '@determined-ts/client';

/** One row of the experiment list. */
export interface ExperimentSummary {
  readonly id: number;
  readonly name: string | null;
  /** The API state, e.g. `STATE_RUNNING` (`null` only for an experiment never loaded). */
  readonly state: string | null;
  /** Share of the work done, 0–1 (`null` when the master does not know). */
  readonly progress: number | null;
  /** The owner's username (`null` when the master does not send it). */
  readonly owner: string | null;
  /** The searcher metric, e.g. `validation_loss`. */
  readonly searcherMetric: string | null;
  /** The direction of `searcherMetric` (`null` when the config does not say). */
  readonly smallerIsBetter: boolean | null;
  /** The best trial's best value of the searcher metric. */
  readonly bestValidation: number | null;
  readonly numTrials: number | null;
  /** ISO 8601, whole seconds. */
  readonly startTime: string | null;
  readonly endTime: string | null;
  /** True once the experiment cannot change any more. */
  readonly terminal: boolean;
}

/** Options of {@link listExperimentSummaries}. */
export interface ListSummariesOptions {
  /** Most recent experiments to show (default 50). */
  readonly limit?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** The summary of an SDK experiment. */
export function summarize(experiment: Experiment): ExperimentSummary {
  return {
    id: experiment.id,
    name: experiment.name,
    state: experiment.state,
    progress: experiment.progress,
    owner: experiment.username,
    searcherMetric: experiment.searcherMetric,
    smallerIsBetter: experiment.smallerIsBetter,
    bestValidation: experiment.bestTrialSearcherMetric,
    numTrials: experiment.numTrials,
    startTime: experiment.startTime?.toISOString() ?? null,
    endTime: experiment.endTime?.toISOString() ?? null,
    terminal: experiment.state !== null && isTerminalExperimentState(experiment.state),
  };
}

/** The most recent experiments of the master, newest first: the first page of `limit` only. */
export async function listExperimentSummaries(
  det: Determined,
  options: ListSummariesOptions = {},
): Promise<ExperimentSummary[]> {
  const limit = options.limit ?? 50;
  const experiments = det.iterExperiments({
    sortBy: ExperimentSortBy.ID,
    orderBy: OrderBy.DESCENDING,
    limit,
    signal: options.signal,
  });
  const summaries: ExperimentSummary[] = [];
  for await (const experiment of experiments) {
    summaries.push(summarize(experiment));
    // Leaving the loop here ends the iteration before it asks for a second page.
    if (summaries.length === limit) break;
  }
  return summaries;
}
