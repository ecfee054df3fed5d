/** The trials of an experiment, page by page (`Experiment.iterTrials` / `listTrials`). */
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { OperationQuery } from '../../core/operation-types';
import { paginateItems } from '../../core/pagination';
import type { Session } from '../../core/session';
import { OrderBy, parseEnum, TrialSortBy } from '../../lib/enums';
import { Trial } from '../trials/trial';

/** Options of `Experiment.iterTrials` / `listTrials`. */
export interface TrialListingOptions extends MethodOptions {
  /** Default `TrialSortBy.ID`. */
  readonly sortBy?: TrialSortBy | undefined;
  /** Default `OrderBy.ASCENDING`. */
  readonly orderBy?: OrderBy | undefined;
  /** Page size (`iterTrials` only); every page is still fetched, one at a time. */
  readonly limit?: number | undefined;
}

/** `Experiment.iterTrials`: lazy paged `GET /api/v1/experiments/{id}/trials`. */
export async function* iterExperimentTrials(
  session: Session,
  experimentId: number,
  options: TrialListingOptions,
): AsyncGenerator<Trial, void, undefined> {
  const query: OperationQuery<'GetExperimentTrials'> = {
    sortBy: parseEnum(TrialSortBy, options.sortBy ?? TrialSortBy.ID, 'trial sortBy'),
    orderBy: parseEnum(OrderBy, options.orderBy ?? OrderBy.ASCENDING, 'orderBy'),
    limit: options.limit,
  };
  const fetchPage = (offset: number) =>
    session.call(
      'GetExperimentTrials',
      { path: { experimentId }, query: { ...query, offset } },
      callOptions(options),
    );
  for await (const raw of paginateItems(fetchPage, (page) => page.trials)) {
    yield Trial.fromApi(raw, session);
  }
}
