/**
 * Checkpoint listings shared by `Experiment` and `Trial` (Python SDK sections 3 and 4):
 * `listCheckpoints`, the deprecated `topCheckpoint` order rule, and draining every page.
 */
import { collect } from '../../core/collect';
import { callOptions, type MethodOptions } from '../../core/method-options';
import { paginateItems } from '../../core/pagination';
import type { Session } from '../../core/session';
import { type ListCheckpointsQuery, listCheckpointsQuery } from '../../lib/checkpoint-sort';
import type { CheckpointSortBy, OrderBy } from '../../lib/enums';
import { OrderBy as Order } from '../../lib/enums';
import { Checkpoint } from './checkpoint';

/** Options of `Experiment.listCheckpoints` and `Trial.listCheckpoints`. */
export interface ListCheckpointsOptions extends MethodOptions {
  /**
   * A `CheckpointSortBy` value, or the name of a validation metric (default
   * `CheckpointSortBy.SEARCHER_METRIC`). Give both `sortBy` and `orderBy`, or neither.
   */
  readonly sortBy?: CheckpointSortBy | string | undefined;
  /** Sort direction; required together with `sortBy`. */
  readonly orderBy?: OrderBy | undefined;
  /** Page size; when set (and not 0) only the first page is fetched. 0 means "no limit". */
  readonly maxResults?: number | undefined;
}

/** Options of the deprecated `topCheckpoint`. */
export interface TopCheckpointOptions extends MethodOptions {
  /** Validation metric or `CheckpointSortBy` value; unset: the master's default order. */
  readonly sortBy?: CheckpointSortBy | string | undefined;
  /** With `sortBy`: ascending when true, otherwise (even when unset) descending. */
  readonly smallerIsBetter?: boolean | undefined;
}

/** Where a listing reads from: the checkpoints of experiment `id` or of trial `id`. */
export interface CheckpointSource {
  readonly session: Session;
  readonly scope: 'experiment' | 'trial';
  readonly id: number;
}

/**
 * Checkpoints of a listing, lazily, one page at a time (one page only when `maxResults` is
 * truthy). The options are validated when iteration starts.
 */
export async function* iterCheckpoints(
  source: CheckpointSource,
  options: ListCheckpointsOptions = {},
): AsyncGenerator<Checkpoint, void, undefined> {
  const { query, singlePage } = listCheckpointsQuery({
    sortBy: options.sortBy,
    orderBy: options.orderBy,
    maxResults: options.maxResults,
    scope: source.scope,
  });
  yield* pagedCheckpoints(source, { query: { ...query }, singlePage, options });
}

/** Validate the options and list checkpoints (all pages, or one when `maxResults` is truthy). */
export async function listCheckpoints(
  source: CheckpointSource,
  options: ListCheckpointsOptions = {},
): Promise<Checkpoint[]> {
  return collect(iterCheckpoints(source, options));
}

/** Every checkpoint of every page of a listing with `query`, in server order. */
export async function drainCheckpoints(
  source: CheckpointSource,
  request: CheckpointsRequest,
): Promise<Checkpoint[]> {
  return collect(pagedCheckpoints(source, request));
}

interface CheckpointsRequest {
  readonly query: ListCheckpointsQuery;
  readonly singlePage?: boolean;
  readonly options?: MethodOptions | undefined;
}

async function* pagedCheckpoints(
  source: CheckpointSource,
  request: CheckpointsRequest,
): AsyncGenerator<Checkpoint, void, undefined> {
  const { session } = source;
  const fetchPage = (offset: number) => fetchCheckpointsPage(source, request, offset);
  const singlePage = request.singlePage === true;
  for await (const raw of paginateItems(fetchPage, (page) => page.checkpoints, { singlePage })) {
    yield Checkpoint.fromApi(raw, session);
  }
}

function fetchCheckpointsPage(source: CheckpointSource, request: CheckpointsRequest, offset: number) {
  const { session, id } = source;
  const { limit, orderBy, sortByAttr, sortByMetric, states } = request.query;
  const options = callOptions(request.options);
  if (source.scope === 'experiment') {
    return session.call(
      'GetExperimentCheckpoints',
      { path: { id }, query: { limit, orderBy, sortByAttr, sortByMetric, states, offset } },
      options,
    );
  }
  return session.call(
    'GetTrialCheckpoints',
    { path: { id }, query: { limit, orderBy, sortByAttr, sortByMetric, states, offset } },
    options,
  );
}

/** The `listCheckpoints` options of the deprecated `topCheckpoint` (upstream's order rule). */
export function topCheckpointListing(options: TopCheckpointOptions): ListCheckpointsOptions {
  const { sortBy, smallerIsBetter, ...call } = options;
  if (!sortBy) return { ...call, maxResults: 1 };
  return { ...call, sortBy, orderBy: smallerIsBetter ? Order.ASC : Order.DESC, maxResults: 1 };
}
