/**
 * Fetching and listing experiments (Python SDK sections 2.3–2.4): `getExperiment`,
 * `listExperiments` and `iterExperiments`.
 */
import { collect } from '../../core/collect';
import { InvalidArgumentError } from '../../core/errors';
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { OperationQuery } from '../../core/operation-types';
import { paginateItems } from '../../core/pagination';
import type { Session } from '../../core/session';
import { ExperimentSortBy, ExperimentState, OrderBy, parseEnum } from '../../lib/enums';
import { Experiment } from './experiment';

/** Options of `listExperiments` / `iterExperiments` (all filters optional). */
export interface ListExperimentsOptions extends MethodOptions {
  /** Sort key (default: the master's order). */
  readonly sortBy?: ExperimentSortBy | undefined;
  /** Sort direction (default: the master's). */
  readonly orderBy?: OrderBy | undefined;
  /** Only these experiment IDs. */
  readonly experimentIds?: readonly number[] | undefined;
  /** Only experiments with these labels. */
  readonly labels?: readonly string[] | undefined;
  /** Usernames of the experiments' owners. */
  readonly users?: readonly string[] | undefined;
  /** Only experiments in one of these states. */
  readonly states?: readonly ExperimentState[] | undefined;
  /** Only experiments whose name matches this. */
  readonly name?: string | undefined;
  /** Only experiments of this project (`0`: every project). */
  readonly projectId?: number | undefined;
  /**
   * Page size, a positive integer. Not sent by default (like Python), so the master answers every
   * experiment at once; with it, `iterExperiments` fetches one page at a time as iteration asks.
   */
  readonly limit?: number | undefined;
}

type ExperimentsQuery = OperationQuery<'GetExperiments'>;

/** `GET /api/v1/experiments/{id}`. */
export async function getExperiment(
  session: Session,
  experimentId: number,
  options: MethodOptions = {},
): Promise<Experiment> {
  const response = await session.call('GetExperiment', { path: { experimentId } }, callOptions(options));
  return Experiment.fromApi(response.experiment, session);
}

function pageSize(limit: number | undefined): number | undefined {
  if (limit === undefined || (Number.isInteger(limit) && limit > 0)) return limit;
  throw new InvalidArgumentError(`limit must be a positive integer, got ${String(limit)}`);
}

/** The query of `GET /api/v1/experiments` for these filters (enum values and `limit` checked). */
export function listExperimentsQuery(options: ListExperimentsOptions): ExperimentsQuery {
  return {
    sortBy: options.sortBy === undefined ? undefined : parseEnum(ExperimentSortBy, options.sortBy, 'sortBy'),
    orderBy: options.orderBy === undefined ? undefined : parseEnum(OrderBy, options.orderBy, 'orderBy'),
    labels: options.labels,
    'experimentIdFilter.incl': options.experimentIds,
    name: options.name,
    states: options.states?.map((state) => parseEnum(ExperimentState, state, 'states')),
    users: options.users,
    projectId: options.projectId,
    limit: pageSize(options.limit),
  };
}

/** Lazily page through `GET /api/v1/experiments` (validation and requests start with iteration). */
export function iterExperiments(
  session: Session,
  options: ListExperimentsOptions = {},
): AsyncIterable<Experiment> {
  return (async function* () {
    const query = listExperimentsQuery(options);
    const experiments = paginateItems(
      (offset) => session.call('GetExperiments', { query: { ...query, offset } }, callOptions(options)),
      (page) => page.experiments,
    );
    for await (const raw of experiments) yield Experiment.fromApi(raw, session);
  })();
}

/** Every experiment matching the filters (all pages, in server order). */
export async function listExperiments(
  session: Session,
  options: ListExperimentsOptions = {},
): Promise<Experiment[]> {
  listExperimentsQuery(options);
  return collect(iterExperiments(session, options));
}
