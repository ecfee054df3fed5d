import type { Wire } from '../cluster/types';
import { invalidArgument } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import type { MockState } from '../state/mock-state';
import type { ExperimentRecord, JsonObject, MetricsReport } from '../state/records';
import { renderTrial } from '../state/render';
import { ok, pathInt, qInt, qIntList, qList, qStr } from './util';

/** The metric values of a report (`avg_metrics`, `validation_metrics`, or a group's own key). */
export function reportValues(report: MetricsReport): Record<string, number> {
  const m = report.metrics as JsonObject;
  const inner = (m.avg_metrics ??
    m.validation_metrics ??
    Object.values(m).find((v) => typeof v === 'object' && v !== null && !Array.isArray(v)) ??
    {}) as JsonObject;
  return Object.fromEntries(
    Object.entries(inner).filter((e): e is [string, number] => typeof e[1] === 'number'),
  );
}

function metricTypeOf(group: string): Wire['v1MetricType'] {
  if (group === 'training') return 'METRIC_TYPE_TRAINING';
  if (group === 'validation') return 'METRIC_TYPE_VALIDATION';
  return 'METRIC_TYPE_UNSPECIFIED';
}

function searcherMetric(exp: ExperimentRecord): string {
  return exp.searcherMetric ?? String((exp.config.searcher as JsonObject | undefined)?.metric ?? '');
}

function reportsOf(state: MockState, exp: ExperimentRecord, group: string | null): MetricsReport[] {
  return [
    ...state.metrics.iterate(
      state.trialsOf(exp.id).map((t) => t.id),
      group,
    ),
  ];
}

function dataPoint(r: MetricsReport, names: readonly string[] | null): Wire['v1DataPoint'] {
  const values = reportValues(r);
  const picked =
    names === null ? values : Object.fromEntries(names.filter((n) => n in values).map((n) => [n, values[n]]));
  return { batches: r.totalBatches, values: picked, time: r.endTime, epoch: null };
}

function downsample<T>(items: readonly T[], max: number | undefined): T[] {
  if (!max || max <= 0 || items.length <= max) return [...items];
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)] as T);
}

/**
 * The metric names CompareTrials samples, by group, as the master reads them: `metricNames` in
 * the request's group (training and validation when it names none), `metricIds` as `group.name`.
 */
function metricsByGroup(
  req: MockRequest,
  names: readonly string[],
  ids: readonly string[],
): Map<string, string[]> {
  const byGroup = new Map<string, string[]>();
  const add = (group: string, name: string) => byGroup.set(group, [...(byGroup.get(group) ?? []), name]);
  if (names.length > 0) {
    const type = qStr(req, 'metricType');
    const group =
      qStr(req, 'group') ??
      (type === 'METRIC_TYPE_TRAINING' ? 'training' : type === 'METRIC_TYPE_VALIDATION' ? 'validation' : '');
    for (const name of names) {
      if (group === '') {
        add('training', name);
        add('validation', name);
      } else add(group, name);
    }
  }
  for (const id of ids) {
    const dot = id.indexOf('.');
    if (dot <= 0 || dot === id.length - 1) throw invalidArgument(`error parsing metric id ${id}`);
    add(id.slice(0, dot), id.slice(dot + 1));
  }
  return byGroup;
}

/** Experiment-level metric views: validation history, best metric, comparisons and metric streams. */
export const experimentMetricHandlers: Readonly<Record<string, Handler>> = {
  GetExperimentValidationHistory: (req, { state }) => {
    state.sync();
    const exp = state.experiment(pathInt(req, 'experimentId'));
    const metric = searcherMetric(exp);
    const smaller = state.smallerIsBetter(exp.id);
    const reports = reportsOf(state, exp, 'validation').sort((a, b) => a.endTime.localeCompare(b.endTime));
    const history: Wire['v1ValidationHistoryEntry'][] = [];
    let best: number | null = null;
    for (const r of reports) {
      const v = reportValues(r)[metric];
      if (v === undefined || (best !== null && (smaller ? v >= best : v <= best))) continue;
      best = v;
      history.push({ trialId: r.trialId, endTime: r.endTime, searcherMetric: v });
    }
    return ok({ validationHistory: history });
  },
  GetBestSearcherValidationMetric: (req, { state }) => {
    state.sync();
    const exp = state.experiment(pathInt(req, 'experimentId'));
    const metric = searcherMetric(exp);
    const values = reportsOf(state, exp, 'validation')
      .map((r) => reportValues(r)[metric])
      .filter((v): v is number => v !== undefined);
    if (values.length === 0) return ok({ metric: null });
    return ok({ metric: state.smallerIsBetter(exp.id) ? Math.min(...values) : Math.max(...values) });
  },
  CompareTrials: (req, { state }) => {
    state.sync();
    const names = qList(req, 'metricNames');
    const ids = qList(req, 'metricIds');
    if (names.length > 0 && ids.length > 0)
      throw invalidArgument(
        'error fetching time series of metrics cannot specify both metric ids and metric names',
      );
    const byGroup = metricsByGroup(req, names, ids);
    const start = qInt(req, 'startBatches') ?? 0;
    const end = qInt(req, 'endBatches') || Number.MAX_SAFE_INTEGER;
    const max = qInt(req, 'maxDatapoints') || 200;
    const trials = qIntList(req, 'trialIds').map((id) => {
      const trial = state.trial(id);
      const metrics = [...byGroup.keys()].sort().flatMap((group) => {
        const wanted = byGroup.get(group) ?? [];
        const points = [...state.metrics.iterate([id], group)]
          .filter((r) => r.totalBatches >= start && r.totalBatches <= end)
          .map((r) => dataPoint(r, wanted))
          .filter((p) => Object.keys(p.values ?? {}).length > 0);
        if (points.length === 0) return [];
        return [{ data: downsample(points, max), type: metricTypeOf(group), group }];
      });
      return { trial: renderTrial(state, trial), metrics };
    });
    return ok({ trials });
  },
};
