import { setTimeout as sleep } from 'node:timers/promises';
import type { Wire } from '../cluster/types';
import { invalidArgument } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import type { MockState } from '../state/mock-state';
import {
  type ExperimentRecord,
  type JsonObject,
  TERMINAL_EXPERIMENT_STATES,
  type TrialRecord,
} from '../state/records';
import { reportValues } from './experiment-metrics';
import { FOLLOW_POLL_MS } from './streams';
import { pathInt, qInt, qIntList, qStr } from './util';

/** The master's period of its metric streams when the request names none, in seconds. */
const DEFAULT_PERIOD_SECONDS = 30;

function groupOf(req: MockRequest): string {
  const type = qStr(req, 'metricType');
  if (type === 'METRIC_TYPE_TRAINING') return 'training';
  if (type === 'METRIC_TYPE_VALIDATION') return 'validation';
  if (type === 'METRIC_TYPE_PROFILING') return 'profiling';
  const group = qStr(req, 'group') ?? '';
  if (group === '') throw invalidArgument('must specify a metric group');
  return group;
}

function metricNameOf(req: MockRequest): string {
  const name = qStr(req, 'metricName') ?? '';
  if (name === '') throw invalidArgument('must specify a metric name');
  return name;
}

function finished(state: MockState, ids: readonly number[]): boolean {
  return ids.every((id) => {
    const exp = state.experiments.get(id);
    return exp === undefined || TERMINAL_EXPERIMENT_STATES.has(exp.state);
  });
}

/**
 * A metric stream as the master runs it: an answer at once, then one every `periodSeconds`
 * (virtual seconds of the mock's clock; the master's default 30) with what is new, until the
 * experiments are terminal (the last answer includes everything) or the client goes away.
 */
async function* periodic(
  state: MockState,
  req: MockRequest,
  experimentIds: readonly number[],
  next: () => unknown,
): AsyncGenerator<unknown> {
  const periodMs = (qInt(req, 'periodSeconds') || DEFAULT_PERIOD_SECONDS) * 1000;
  while (!req.signal.aborted && !state.isClosed) {
    state.sync();
    const done = finished(state, experimentIds);
    yield { result: next() };
    if (done) return;
    const due = state.nowMs() + periodMs;
    while (state.nowMs() < due && !req.signal.aborted && !state.isClosed)
      await sleep(FOLLOW_POLL_MS, undefined, { signal: req.signal }).catch(() => undefined);
  }
}

function reportsOf(state: MockState, exp: ExperimentRecord, group: string, name: string) {
  return [
    ...state.metrics.iterate(
      state.trialsOf(exp.id).map((t) => t.id),
      group,
    ),
  ].filter((r) => reportValues(r)[name] !== undefined);
}

/** Trials ranked as the master samples them: by training length (adaptive searchers) or by their best metric. */
function topTrials(exp: ExperimentRecord, sampled: readonly TrialRecord[], max: number) {
  const searcher = (exp.config.searcher ?? {}) as JsonObject;
  const byLength = ['adaptive_asha', 'async_halving', 'adaptive', 'adaptive_simple', 'sync_halving'].includes(
    String(searcher.name),
  );
  const smaller = searcher.smaller_is_better !== false;
  const metric = (t: TrialRecord) => t.searcherMetricValue ?? (smaller ? Infinity : -Infinity);
  return [...sampled]
    .sort((a, b) =>
      byLength
        ? b.totalBatchesProcessed - a.totalBatchesProcessed || a.id - b.id
        : (smaller ? metric(a) - metric(b) : metric(b) - metric(a)) || a.id - b.id,
    )
    .slice(0, max);
}

function trialsSample(state: MockState, req: MockRequest, exp: ExperimentRecord): AsyncGenerator<unknown> {
  const name = metricNameOf(req);
  const group = groupOf(req);
  const maxTrials = qInt(req, 'maxTrials') || 25;
  const start = qInt(req, 'startBatches') ?? 0;
  const end = qInt(req, 'endBatches') || Number.MAX_SAFE_INTEGER;
  const current = new Set<number>();
  const sentUpTo = new Map<number, number>();
  return periodic(state, req, [exp.id], () => {
    const points = reportsOf(state, exp, group, name).filter(
      (r) => r.totalBatches >= start && r.totalBatches <= end,
    );
    const sampled = state.trialsOf(exp.id).filter((t) => points.some((r) => r.trialId === t.id));
    const top = topTrials(exp, sampled, maxTrials);
    const promoted = top.filter((t) => !current.has(t.id)).map((t) => t.id);
    const demoted = [...current].filter((id) => !top.some((t) => t.id === id));
    for (const id of demoted) current.delete(id);
    const trials: Wire['v1TrialsSampleResponseTrial'][] = top.map((t) => {
      const after = sentUpTo.get(t.id) ?? -1;
      const data = points
        .filter((r) => r.trialId === t.id && r.totalBatches > after)
        .map((r) => ({
          batches: r.totalBatches,
          values: { [name]: reportValues(r)[name] },
          time: r.endTime,
        }));
      const last = data[data.length - 1];
      if (last) sentUpTo.set(t.id, last.batches);
      // The master sends the hyperparameters with a trial's first sample only (null after; the
      // spec requires the field, so the mock sends an empty object).
      return { trialId: t.id, hparams: current.has(t.id) ? {} : t.hparams, data };
    });
    for (const id of promoted) current.add(id);
    return { trials, promotedTrials: promoted, demotedTrials: demoted };
  });
}

/** The experiment metric streams of the web UI (`metrics-stream/...`), on the virtual clock. */
export const metricStreamHandlers: Readonly<Record<string, Handler>> = {
  MetricBatches: (req, { state }) => {
    state.sync();
    const exp = state.experiment(pathInt(req, 'experimentId'));
    const name = metricNameOf(req);
    const group = groupOf(req);
    const seen = new Set<number>();
    return {
      ndjson: periodic(state, req, [exp.id], () => {
        const batches = [...new Set(reportsOf(state, exp, group, name).map((r) => r.totalBatches))]
          .filter((b) => !seen.has(b))
          .sort((a, b) => a - b);
        for (const b of batches) seen.add(b);
        return { batches };
      }),
    };
  },
  TrialsSnapshot: (req, { state }) => {
    state.sync();
    const exp = state.experiment(pathInt(req, 'experimentId'));
    const name = metricNameOf(req);
    const group = groupOf(req);
    const at = qInt(req, 'batchesProcessed') ?? 0;
    const margin = qInt(req, 'batchesMargin') ?? 0;
    if (margin > 100) throw invalidArgument('margin must be <= 100');
    const sent = new Set<number>();
    return {
      ndjson: periodic(state, req, [exp.id], () => {
        const fresh = reportsOf(state, exp, group, name).filter(
          (r) => Math.abs(r.totalBatches - at) <= margin && !sent.has(r.id),
        );
        for (const r of fresh) sent.add(r.id);
        const trials = fresh.map((r) => ({
          trialId: r.trialId,
          hparams: state.trial(r.trialId).hparams,
          metric: reportValues(r)[name] as number,
          batchesProcessed: r.totalBatches,
        }));
        return { trials };
      }),
    };
  },
  TrialsSample: (req, { state }) => {
    state.sync();
    return { ndjson: trialsSample(state, req, state.experiment(pathInt(req, 'experimentId'))) };
  },
  ExpMetricNames: (req, { state }) => {
    state.sync();
    const ids = qIntList(req, 'ids');
    if (ids.length === 0) throw invalidArgument('at least one experiment id is required');
    const exps = ids.map((id) => state.experiment(id));
    const seen = new Set<string>();
    return {
      ndjson: periodic(state, req, ids, () => {
        const searcherMetrics = [...new Set(exps.map((e) => e.searcherMetric ?? '').filter((m) => m !== ''))];
        const fresh: Wire['v1MetricIdentifier'][] = [];
        for (const exp of exps)
          for (const r of state.metrics.iterate(
            state.trialsOf(exp.id).map((t) => t.id),
            null,
          ))
            for (const name of Object.keys(reportValues(r))) {
              const key = `${r.group}.${name}`;
              if (seen.has(key)) continue;
              seen.add(key);
              fresh.push({ group: r.group, name });
            }
        fresh.sort((a, b) => `${a.group}.${a.name}`.localeCompare(`${b.group}.${b.name}`));
        const of = (group: string) => fresh.filter((m) => m.group === group).map((m) => m.name);
        return {
          searcherMetrics,
          trainingMetrics: of('training'),
          validationMetrics: of('validation'),
          metricNames: fresh,
        };
      }),
    };
  },
};
