/**
 * What the dashboard shows of an experiment. The SDK's `Experiment` carries the owner, searcher
 * metric, trial count and times, but not the best trial's metric, so summaries are read through
 * the typed low-level client `det.api` (which also keeps one request per poll for the list).
 */
import { type components, type Determined, isTerminalExperimentState } from '@determined-ts/client';

type ApiExperiment = components['schemas']['v1Experiment'];

/** One row of the experiment list. */
export interface ExperimentSummary {
  readonly id: number;
  readonly name: string;
  /** The API state, e.g. `STATE_RUNNING`. */
  readonly state: string;
  /** Share of the work done, 0–1 (`null` when the master does not know). */
  readonly progress: number | null;
  readonly owner: string;
  /** The searcher metric, e.g. `validation_loss`. */
  readonly searcherMetric: string | null;
  readonly smallerIsBetter: boolean;
  /** The best trial's best value of the searcher metric. */
  readonly bestValidation: number | null;
  readonly numTrials: number;
  readonly startTime: string;
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

function smallerIsBetter(config: Readonly<Record<string, unknown>>): boolean {
  const searcher = config.searcher;
  if (typeof searcher !== 'object' || searcher === null || Array.isArray(searcher)) return true;
  return (searcher as Record<string, unknown>).smaller_is_better !== false;
}

/** The summary of a `v1Experiment`. */
export function summarize(raw: ApiExperiment): ExperimentSummary {
  return {
    id: raw.id,
    name: raw.name,
    state: raw.state,
    progress: raw.progress ?? null,
    owner: raw.username,
    searcherMetric: raw.searcherMetric ?? null,
    smallerIsBetter: smallerIsBetter(raw.config),
    // Without a best trial there is no best value, whatever zero a master may send for it.
    bestValidation: raw.bestTrialId ? (raw.bestTrialSearcherMetric ?? null) : null,
    numTrials: raw.numTrials,
    startTime: raw.startTime,
    endTime: raw.endTime ?? null,
    terminal: isTerminalExperimentState(raw.state),
  };
}

/** The most recent experiments of the master, newest first. */
export async function listExperimentSummaries(
  det: Determined,
  options: ListSummariesOptions = {},
): Promise<ExperimentSummary[]> {
  const { data } = await det.api.GET('/api/v1/experiments', {
    params: { query: { sortBy: 'SORT_BY_ID', orderBy: 'ORDER_BY_DESC', limit: options.limit ?? 50 } },
    signal: options.signal,
  });
  return (data?.experiments ?? []).map(summarize);
}

/** One experiment's summary. */
export async function getExperimentSummary(
  det: Determined,
  experimentId: number,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<ExperimentSummary> {
  const { data } = await det.api.GET('/api/v1/experiments/{experimentId}', {
    params: { path: { experimentId } },
    signal: options.signal,
  });
  if (data === undefined) throw new Error(`The master sent no body for experiment ${experimentId}.`);
  return summarize(data.experiment);
}
