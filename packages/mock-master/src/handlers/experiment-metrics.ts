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

function groupOf(req: MockRequest): string {
  const type = qStr(req, 'metricType');
  if (type === 'METRIC_TYPE_TRAINING') return 'training';
  if (type === 'METRIC_TYPE_VALIDATION') return 'validation';
  if (type === 'METRIC_TYPE_PROFILING') return 'profiling';
  return qStr(req, 'group') ?? 'validation';
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

async function* once(result: unknown) {
  yield { result };
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
    const ids = qIntList(req, 'trialIds');
    const names = qList(req, 'metricNames');
    const group =
      qStr(req, 'group') ?? (qStr(req, 'metricType') === 'METRIC_TYPE_TRAINING' ? 'training' : 'validation');
    const start = qInt(req, 'startBatches') ?? 0;
    const end = qInt(req, 'endBatches') ?? Number.MAX_SAFE_INTEGER;
    const trials = ids.map((id) => {
      const trial = state.trial(id);
      const points = [...state.metrics.iterate([id], group)]
        .filter((r) => r.totalBatches >= start && r.totalBatches <= end)
        .map((r) => dataPoint(r, names.length > 0 ? names : null));
      return {
        trial: renderTrial(state, trial),
        metrics: [{ data: downsample(points, qInt(req, 'maxDatapoints')), type: metricTypeOf(group), group }],
      };
    });
    return ok({ trials });
  },
  MetricBatches: (req, { state }) => {
    state.sync();
    const exp = state.experiment(pathInt(req, 'experimentId'));
    const name = qStr(req, 'metricName');
    if (name === undefined) throw invalidArgument('metricName is required');
    const batches = [
      ...new Set(
        reportsOf(state, exp, groupOf(req))
          .filter((r) => name in reportValues(r))
          .map((r) => r.totalBatches),
      ),
    ];
    return { ndjson: once({ batches: batches.sort((a, b) => a - b) }) };
  },
  TrialsSnapshot: (req, { state }) => {
    state.sync();
    const exp = state.experiment(pathInt(req, 'experimentId'));
    const name = qStr(req, 'metricName');
    if (name === undefined) throw invalidArgument('metricName is required');
    const at = qInt(req, 'batchesProcessed') ?? 0;
    const margin = qInt(req, 'batchesMargin') ?? 0;
    const trials = state.trialsOf(exp.id).flatMap((t) => {
      const hit = [...state.metrics.iterate([t.id], groupOf(req))].find(
        (r) => Math.abs(r.totalBatches - at) <= margin && reportValues(r)[name] !== undefined,
      );
      const metric = hit === undefined ? undefined : reportValues(hit)[name];
      return hit === undefined || metric === undefined
        ? []
        : [{ trialId: t.id, hparams: t.hparams, metric, batchesProcessed: hit.totalBatches }];
    });
    return { ndjson: once({ trials }) };
  },
  TrialsSample: (req, { state }) => {
    state.sync();
    const exp = state.experiment(pathInt(req, 'experimentId'));
    const name = qStr(req, 'metricName');
    if (name === undefined) throw invalidArgument('metricName is required');
    const maxTrials = qInt(req, 'maxTrials') ?? 25;
    const start = qInt(req, 'startBatches') ?? 0;
    const end = qInt(req, 'endBatches') ?? Number.MAX_SAFE_INTEGER;
    const trials = state
      .trialsOf(exp.id)
      .slice(0, maxTrials > 0 ? maxTrials : undefined)
      .map((t) => {
        const points = [...state.metrics.iterate([t.id], groupOf(req))]
          .filter((r) => r.totalBatches >= start && r.totalBatches <= end && name in reportValues(r))
          .map((r) => dataPoint(r, [name]));
        return { trialId: t.id, hparams: t.hparams, data: downsample(points, qInt(req, 'maxDatapoints')) };
      });
    return { ndjson: once({ trials, promotedTrials: trials.map((t) => t.trialId), demotedTrials: [] }) };
  },
  ExpMetricNames: (req, { state }) => {
    state.sync();
    const ids = qIntList(req, 'ids');
    if (ids.length === 0) throw invalidArgument('at least one experiment id is required');
    const names = new Map<string, Wire['v1MetricIdentifier']>();
    const searcher = new Set<string>();
    for (const id of ids) {
      const exp = state.experiment(id);
      const metric = searcherMetric(exp);
      if (metric !== '') searcher.add(metric);
      for (const r of reportsOf(state, exp, null))
        for (const name of Object.keys(reportValues(r)))
          names.set(`${r.group}.${name}`, { group: r.group, name });
    }
    const list = [...names.values()].sort((a, b) =>
      `${a.group}.${a.name}`.localeCompare(`${b.group}.${b.name}`),
    );
    const of = (group: string) => list.filter((m) => m.group === group).map((m) => m.name);
    return {
      ndjson: once({
        searcherMetrics: [...searcher],
        trainingMetrics: of('training'),
        validationMetrics: of('validation'),
        metricNames: list,
      }),
    };
  },
};
