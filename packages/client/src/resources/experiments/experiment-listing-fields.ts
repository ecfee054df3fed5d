/**
 * What a listing or dashboard shows of an experiment beyond the Python SDK's attributes, read
 * from a `v1Experiment`: the read-only `Experiment.username`, `searcherMetric`, ... attributes.
 */
import type { OperationResult } from '../../core/operation-types';
import { parseApiTimestamp } from '../../lib/timestamps';

type ApiExperiment = OperationResult<'GetExperiment'>['experiment'];

/** The listing attributes of an `Experiment`; each is `null` when the master sent none. */
export interface ExperimentListingFields {
  /** The owner's username. */
  readonly username: string | null;
  /** The searcher's metric: `searcherMetric`, else the config's `searcher.metric`. */
  readonly searcherMetric: string | null;
  /** The config's `searcher.smaller_is_better`: the direction of `searcherMetric`. */
  readonly smallerIsBetter: boolean | null;
  /** The trial with the best value of the searcher metric (`null` before any validation). */
  readonly bestTrialId: number | null;
  /** That trial's best value of the searcher metric; `null` whenever `bestTrialId` is. */
  readonly bestTrialSearcherMetric: number | null;
  /** Number of trials so far. */
  readonly numTrials: number | null;
  /** When the experiment started (whole seconds, as every API timestamp of the SDK). */
  readonly startTime: Date | null;
  /** When it ended; `null` while it runs. */
  readonly endTime: Date | null;
}

/** The listing attributes of an experiment not loaded yet. */
export const NO_LISTING_FIELDS: ExperimentListingFields = Object.freeze({
  username: null,
  searcherMetric: null,
  smallerIsBetter: null,
  bestTrialId: null,
  bestTrialSearcherMetric: null,
  numTrials: null,
  startTime: null,
  endTime: null,
});

function searcherOf(config: unknown): Readonly<Record<string, unknown>> {
  if (typeof config !== 'object' || config === null) return {};
  const searcher = (config as Readonly<Record<string, unknown>>).searcher;
  if (typeof searcher !== 'object' || searcher === null || Array.isArray(searcher)) return {};
  return searcher as Readonly<Record<string, unknown>>;
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function timestamp(value: unknown): Date | null {
  return typeof value === 'string' && value !== '' ? parseApiTimestamp(value) : null;
}

/**
 * The listing attributes of a `v1Experiment`. The spec marks `username`, `numTrials` and
 * `startTime` required, but answers are only validated with a warning by default, so a missing
 * field gives `null` here rather than a crash. Trial IDs start at 1: a `bestTrialId` of 0 is a
 * master's "none", and so is the metric value sent with it.
 */
export function listingFieldsOf(raw: ApiExperiment): ExperimentListingFields {
  const searcher = searcherOf(raw.config);
  const bestTrialId = typeof raw.bestTrialId === 'number' && raw.bestTrialId > 0 ? raw.bestTrialId : null;
  const bestValue = raw.bestTrialSearcherMetric;
  return {
    username: nonEmptyString(raw.username),
    searcherMetric: nonEmptyString(raw.searcherMetric) ?? nonEmptyString(searcher.metric),
    smallerIsBetter: typeof searcher.smaller_is_better === 'boolean' ? searcher.smaller_is_better : null,
    bestTrialId,
    bestTrialSearcherMetric: bestTrialId !== null && typeof bestValue === 'number' ? bestValue : null,
    numTrials: typeof raw.numTrials === 'number' ? raw.numTrials : null,
    startTime: timestamp(raw.startTime),
    endTime: timestamp(raw.endTime),
  };
}
