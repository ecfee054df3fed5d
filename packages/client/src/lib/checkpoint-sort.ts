/**
 * Checkpoint ordering rules of the Python SDK: the query of `listCheckpoints` (section 3), the
 * client-side sort of the deprecated `topNCheckpoints` (section 3) and `Trial.getCheckpoints`
 * (section 4).
 *
 * A string `sortBy` equal to a `CheckpointSortBy` value is that attribute; any other string is
 * a validation metric name (Python tells them apart by type).
 */
import { DeterminedError, InvalidArgumentError } from '../core/errors';
import { CheckpointSortBy, CheckpointState, isEnumValue, OrderBy } from './enums';
import { searcherInfo } from './experiment-config';

/**
 * The experiment has no checkpoint to choose from: the one error of the deprecated
 * `Experiment.topCheckpoint` and `Experiment.topNCheckpoints` (Python raises `AssertionError`
 * from both).
 */
export class NoCheckpointsError extends DeterminedError {
  /** Always `'NoCheckpointsError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'NoCheckpointsError';
  /** The experiment that has no (completed) checkpoint, when known. */
  readonly experimentId: number | undefined;

  constructor(message: string, experimentId: number | undefined) {
    super(message);
    this.experimentId = experimentId;
  }
}

/** The checkpoint fields the sorting rules read. */
export interface SortableCheckpoint {
  readonly uuid?: string;
  readonly training: {
    readonly trialId: number;
    readonly experimentConfig: Readonly<Record<string, unknown>>;
    /** camelCase keys, as upstream re-serializes them: `{avgMetrics, batchMetrics}`. */
    readonly validationMetrics: { readonly avgMetrics?: Readonly<Record<string, unknown>> | null };
  } | null;
}

type Training = NonNullable<SortableCheckpoint['training']>;

function trainingOf(ckpt: SortableCheckpoint): Training {
  if (ckpt.training === null) {
    throw new DeterminedError(
      `Checkpoint ${ckpt.uuid ?? '(unknown uuid)'} has no training metadata, so it cannot be sorted by a metric.`,
    );
  }
  return ckpt.training;
}

// Only numbers (and booleans, which Python compares as ints) are ordered; anything else, NaN
// included, counts as a missing metric.
function metricValue(ckpt: SortableCheckpoint, metric: string): number | undefined {
  const value = trainingOf(ckpt).validationMetrics.avgMetrics?.[metric];
  if (typeof value === 'boolean') return Number(value);
  return typeof value === 'number' && !Number.isNaN(value) ? value : undefined;
}

/** Stable sort by a validation metric; checkpoints without it stay last, in their given order. */
function sortByMetric<T extends SortableCheckpoint>(
  checkpoints: readonly T[],
  metric: string,
  descending: boolean,
): T[] {
  const keyed = checkpoints.map((ckpt) => ({ ckpt, value: metricValue(ckpt, metric) }));
  keyed.sort((a, b) => {
    if (a.value === undefined || b.value === undefined) {
      return Number(a.value === undefined) - Number(b.value === undefined);
    }
    return descending ? b.value - a.value : a.value - b.value;
  });
  return keyed.map((k) => k.ckpt);
}

function searcherMetricOf(first: SortableCheckpoint): { metric: string; smallerIsBetter: boolean } {
  const info = searcherInfo(trainingOf(first).experimentConfig);
  if (info.metric === undefined) {
    throw new InvalidArgumentError(
      'no searcher.metric found in experiment config; please provide a sortBy metric',
    );
  }
  return { metric: info.metric, smallerIsBetter: info.smallerIsBetter };
}

/** Options of the deprecated `Experiment.topNCheckpoints`. */
export interface TopNCheckpointsOptions {
  limit: number;
  /** Validation metric; default: the first checkpoint's `searcher.metric`. */
  sortBy?: string | undefined;
  /** Ignored without `sortBy` (then the searcher's setting wins); with `sortBy`, unset means false. */
  smallerIsBetter?: boolean | undefined;
  /** For the error message when there are no checkpoints. */
  experimentId?: number | undefined;
}

/**
 * The best checkpoint of each of the best `limit` trials (section 3 steps 2-8), from all
 * COMPLETED checkpoints of an experiment in server order.
 */
export function topNCheckpoints<T extends SortableCheckpoint>(
  checkpoints: readonly T[],
  options: TopNCheckpointsOptions,
): T[] {
  if (!Number.isInteger(options.limit) || options.limit < 0) {
    throw new InvalidArgumentError(`limit must be a non-negative integer, got ${options.limit}`);
  }
  const first = checkpoints[0];
  if (first === undefined) {
    throw new NoCheckpointsError(
      `No checkpoint found for experiment ${options.experimentId ?? '(unknown)'}`,
      options.experimentId,
    );
  }
  let metric = options.sortBy;
  let smallerIsBetter = options.smallerIsBetter === true;
  if (!metric) {
    ({ metric, smallerIsBetter } = searcherMetricOf(first));
  }
  const seenTrials = new Set<number>();
  const best: T[] = [];
  for (const ckpt of sortByMetric(checkpoints, metric, !smallerIsBetter)) {
    const trialId = trainingOf(ckpt).trialId;
    if (seenTrials.has(trialId)) continue;
    seenTrials.add(trialId);
    best.push(ckpt);
  }
  return best.slice(0, options.limit);
}

/** `sortBy`/`orderBy` of the deprecated `Trial.getCheckpoints`. */
export interface LegacyCheckpointOrder {
  /** A `CheckpointSortBy` value or a validation metric name (default: the searcher metric). */
  sortBy?: string | undefined;
  /** Sort direction; required together with `sortBy`. */
  orderBy?: OrderBy | undefined;
}

function checkBothOrNeither(sortBy: unknown, orderBy: unknown, message: string): void {
  if ((sortBy === undefined || sortBy === null) !== (orderBy === undefined || orderBy === null)) {
    throw new InvalidArgumentError(message);
  }
  if (orderBy !== undefined && orderBy !== null && !isEnumValue(OrderBy, orderBy)) {
    throw new InvalidArgumentError(`orderBy must be an OrderBy value, got ${String(orderBy)}`);
  }
}

/** Query of the deprecated `Trial.getCheckpoints` (`sortByAttr` only for an attribute sortBy). */
export function legacyTrialCheckpointsQuery(order: LegacyCheckpointOrder): {
  orderBy?: OrderBy;
  sortByAttr?: CheckpointSortBy;
} {
  checkBothOrNeither(order.sortBy, order.orderBy, 'sortBy and orderBy must be set together');
  const query: { orderBy?: OrderBy; sortByAttr?: CheckpointSortBy } = {};
  if (order.orderBy) query.orderBy = order.orderBy;
  if (isEnumValue(CheckpointSortBy, order.sortBy)) query.sortByAttr = order.sortBy;
  return query;
}

/**
 * The client-side order of the deprecated `Trial.getCheckpoints` (section 4): as received for an
 * attribute `sortBy` or an empty list; otherwise by the metric (default: the searcher's, with its
 * direction), missing metrics last, no per-trial dedup.
 */
export function sortTrialCheckpoints<T extends SortableCheckpoint>(
  checkpoints: readonly T[],
  order: LegacyCheckpointOrder,
): T[] {
  checkBothOrNeither(order.sortBy, order.orderBy, 'sortBy and orderBy must be set together');
  const first = checkpoints[0];
  if (first === undefined || isEnumValue(CheckpointSortBy, order.sortBy)) return [...checkpoints];
  let metric = order.sortBy;
  let descending = order.orderBy === OrderBy.DESC;
  if (!metric) {
    const searcher = searcherMetricOf(first);
    metric = searcher.metric;
    descending = !searcher.smallerIsBetter;
  }
  return sortByMetric(checkpoints, metric, descending);
}

/** Arguments of `Experiment.listCheckpoints` / `Trial.listCheckpoints`. */
export interface ListCheckpointsOptions {
  /** A `CheckpointSortBy` value or a validation metric name; give both or neither with orderBy. */
  sortBy?: CheckpointSortBy | string | undefined;
  orderBy?: OrderBy | undefined;
  /** Page size; when truthy only the first page is fetched (0 means no limit, all pages). */
  maxResults?: number | undefined;
  /** Experiment listings always filter `states=STATE_COMPLETED`; trial listings don't. */
  scope: 'experiment' | 'trial';
}

/** Query parameters of a checkpoint listing (without `offset`). */
export interface ListCheckpointsQuery {
  limit?: number;
  orderBy?: OrderBy;
  sortByAttr?: CheckpointSortBy;
  sortByMetric?: string;
  states?: CheckpointState[];
}

/** Validate `listCheckpoints` arguments and build the paged query. */
export function listCheckpointsQuery(options: ListCheckpointsOptions): {
  query: ListCheckpointsQuery;
  singlePage: boolean;
} {
  const { sortBy, orderBy, maxResults } = options;
  checkBothOrNeither(sortBy, orderBy, 'sortBy and orderBy must be either both set, or neither.');
  if (sortBy && typeof sortBy !== 'string') {
    throw new InvalidArgumentError('sortBy must be a CheckpointSortBy value or a metric name string');
  }
  if (maxResults !== undefined && (!Number.isInteger(maxResults) || maxResults < 0)) {
    throw new InvalidArgumentError(`maxResults must be a non-negative integer, got ${maxResults}`);
  }
  const effectiveSort = sortBy || CheckpointSortBy.SEARCHER_METRIC;
  const query: ListCheckpointsQuery = {};
  if (maxResults !== undefined) query.limit = maxResults;
  if (orderBy) query.orderBy = orderBy;
  if (isEnumValue(CheckpointSortBy, effectiveSort)) query.sortByAttr = effectiveSort;
  else query.sortByMetric = effectiveSort;
  if (options.scope === 'experiment') query.states = [CheckpointState.COMPLETED];
  return { query, singlePage: Boolean(maxResults) };
}
