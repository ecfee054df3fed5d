import { invalidArgument } from '../errors';
import type { MockRequest } from '../server/types';
import type { CheckpointRecord, JsonObject } from '../state/records';
import { renderCheckpoint } from '../state/render';
import { isDesc, pageOf, sortByKey } from './paging';
import { qList, qStr } from './util';

type Key = (c: CheckpointRecord) => string | number | undefined | null;

const ATTR_KEYS: Readonly<Record<string, Key>> = {
  SORT_BY_UUID: (c) => c.uuid,
  SORT_BY_TRIAL_ID: (c) => c.training?.trialId,
  SORT_BY_BATCH_NUMBER: (c) => c.totalBatches,
  SORT_BY_END_TIME: (c) => c.reportTime,
  SORT_BY_STATE: (c) => c.state,
  SORT_BY_SEARCHER_METRIC: (c) => c.training?.searcherMetric,
};

function metricOf(c: CheckpointRecord, name: string): number | undefined {
  const v = c.training?.validationMetrics?.avgMetrics[name];
  return typeof v === 'number' ? v : undefined;
}

/**
 * Filters, orders and pages checkpoints like GetExperimentCheckpoints/GetTrialCheckpoints. With
 * neither `sortByAttr` nor `sortByMetric` they are ordered by searcher metric (ascending when
 * smaller is better); checkpoints without the sort value always come last.
 */
export function queryCheckpoints(
  req: MockRequest,
  checkpoints: readonly CheckpointRecord[],
  smallerIsBetter: boolean,
): JsonObject {
  const states = new Set(qList(req, 'states'));
  const attr = qStr(req, 'sortByAttr');
  const metric = qStr(req, 'sortByMetric');
  const orderBy = qStr(req, 'orderBy');
  if (attr !== undefined && attr !== 'SORT_BY_UNSPECIFIED' && metric !== undefined) {
    throw invalidArgument('only one of sortByAttr and sortByMetric may be set');
  }
  const base = sortByKey(
    checkpoints.filter((c) => states.size === 0 || states.has(c.state)),
    (c) => `${c.reportTime} ${c.uuid}`,
  );
  let sorted: CheckpointRecord[];
  if (metric !== undefined) {
    sorted = sortByKey(base, (c) => metricOf(c, metric), isDesc(orderBy));
  } else {
    const name = attr === undefined || attr === 'SORT_BY_UNSPECIFIED' ? 'SORT_BY_SEARCHER_METRIC' : attr;
    const key = ATTR_KEYS[name];
    if (!key) throw invalidArgument(`unsupported sortByAttr ${name}`);
    const desc =
      orderBy === undefined || orderBy === 'ORDER_BY_UNSPECIFIED'
        ? name === 'SORT_BY_SEARCHER_METRIC' && !smallerIsBetter
        : isDesc(orderBy);
    sorted = sortByKey(base, key, desc);
  }
  const { page, pagination } = pageOf(sorted, req);
  return { checkpoints: page.map(renderCheckpoint), pagination };
}
