import type { Wire } from '../cluster/types';
import { invalidArgument } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import type { MockState } from '../state/mock-state';
import { type CheckpointRecord, isJsonObject, type JsonObject, type MetricsReport } from '../state/records';
import { updateBestCheckpoint } from '../state/trial-events';
import { reportValues } from './experiment-metrics';
import { pageOf } from './paging';
import { body, ok, pathInt, qBool, qStr } from './util';

function metricsWorkload(r: MetricsReport, withBatches: boolean): Wire['v1MetricsWorkload'] {
  const m = r.metrics as JsonObject;
  return {
    endTime: r.endTime,
    metrics: {
      avgMetrics: reportValues(r),
      batchMetrics: withBatches && Array.isArray(m.batch_metrics) ? (m.batch_metrics as JsonObject[]) : [],
    },
    numInputs: 0,
    totalBatches: r.totalBatches,
  };
}

function checkpointWorkload(ck: CheckpointRecord): Wire['v1CheckpointWorkload'] {
  return {
    uuid: ck.uuid,
    endTime: ck.reportTime,
    state: ck.state,
    resources: { ...ck.resources },
    totalBatches: ck.totalBatches,
    metadata: structuredClone(ck.metadata),
  };
}

function workloads(
  state: MockState,
  req: MockRequest,
  trialId: number,
): Array<{ batches: number; w: Wire['v1WorkloadContainer'] }> {
  const filter = qStr(req, 'filter') ?? 'FILTER_OPTION_UNSPECIFIED';
  const withBatches = qBool(req, 'includeBatchMetrics') === true;
  const out: Array<{ batches: number; w: Wire['v1WorkloadContainer'] }> = [];
  const wantValidation = filter !== 'FILTER_OPTION_CHECKPOINT';
  const wantCheckpoint = filter !== 'FILTER_OPTION_VALIDATION';
  const wantTraining = filter === 'FILTER_OPTION_UNSPECIFIED';
  for (const r of state.metrics.iterate([trialId], null)) {
    if (r.group === 'training' && wantTraining)
      out.push({
        batches: r.totalBatches,
        w: { training: metricsWorkload(r, withBatches), validation: null, checkpoint: null },
      });
    if (r.group === 'validation' && wantValidation)
      out.push({
        batches: r.totalBatches,
        w: { training: null, validation: metricsWorkload(r, false), checkpoint: null },
      });
  }
  if (wantCheckpoint)
    for (const ck of state.checkpointsOf({ trialId }))
      out.push({
        batches: ck.totalBatches,
        w: { training: null, validation: null, checkpoint: checkpointWorkload(ck) },
      });
  return out;
}

function trainingOf(
  value: unknown,
  fallback: { trialId: number; experimentId: number },
): CheckpointRecord['training'] {
  const t = (isJsonObject(value) ? value : {}) as Wire['v1CheckpointTrainingMetadata'];
  const metrics = (m: Wire['v1Metrics'] | null | undefined) =>
    m
      ? {
          avgMetrics: (m.avgMetrics ?? {}) as JsonObject,
          batchMetrics: (m.batchMetrics ?? []) as JsonObject[],
        }
      : null;
  return {
    trialId: t.trialId ?? fallback.trialId,
    experimentId: t.experimentId ?? fallback.experimentId,
    experimentConfig: (t.experimentConfig ?? {}) as JsonObject,
    hparams: (t.hparams ?? {}) as JsonObject,
    trainingMetrics: metrics(t.trainingMetrics),
    validationMetrics: metrics(t.validationMetrics),
    searcherMetric: t.searcherMetric ?? null,
  };
}

/** Checkpoints, workloads, trial sources and profiler data a trial's harness reports. */
export const trialDataHandlers: Readonly<Record<string, Handler>> = {
  ReportCheckpoint: (req, { state }) => {
    const b = body(req) as Wire['v1Checkpoint'];
    if (!b.uuid) throw invalidArgument('checkpoint uuid is required');
    const training = trainingOf(b.training, { trialId: 0, experimentId: 0 });
    const trial = training?.trialId ? state.trial(training.trialId) : null;
    const exp = trial ? state.experiment(trial.experimentId) : null;
    const record: CheckpointRecord = {
      taskId: b.taskId ?? trial?.taskId ?? '',
      allocationId: b.allocationId ?? (trial ? `${trial.taskId}.1` : ''),
      uuid: b.uuid,
      reportTime: b.reportTime ?? state.nowIso(),
      resources: { ...b.resources },
      metadata: (b.metadata ?? {}) as JsonObject,
      state: b.state === 'STATE_UNSPECIFIED' ? 'STATE_COMPLETED' : (b.state as CheckpointRecord['state']),
      training:
        training && exp
          ? {
              ...training,
              experimentId: exp.id,
              experimentConfig: exp.config,
              hparams: trial?.hparams ?? training.hparams,
            }
          : training,
      totalBatches: Number((b.metadata as JsonObject | undefined)?.steps_completed ?? 0),
      extra: {},
    };
    state.checkpoints.set(record.uuid, record);
    if (trial) updateBestCheckpoint(state, trial, state.smallerIsBetter(trial.experimentId));
    return ok({});
  },
  PatchCheckpoints: (req, { state }) => {
    const patches = (body(req).checkpoints ?? []) as Wire['v1PatchCheckpoint'][];
    for (const p of patches) state.checkpoint(p.uuid);
    for (const p of patches) {
      const ck = state.checkpoint(p.uuid);
      const resources = p.resources?.resources;
      if (resources === undefined || resources === null) continue;
      ck.resources = { ...resources };
      if (Object.keys(resources).length === 0) ck.state = 'STATE_DELETED';
      const trial = ck.training ? state.trials.get(ck.training.trialId) : undefined;
      if (trial) updateBestCheckpoint(state, trial, state.smallerIsBetter(trial.experimentId));
    }
    return ok({});
  },
  ReportTrialSourceInfo: (req, { state }) => {
    const info = body(req).trialSourceInfo as Wire['v1TrialSourceInfo'];
    state.trial(info.trialId);
    state.checkpoint(info.checkpointUuid);
    state.trialSources.push({
      checkpointUuid: info.checkpointUuid,
      trialId: info.trialId,
      type: info.trialSourceInfoType,
    });
    return ok({ trialId: info.trialId, checkpointUuid: info.checkpointUuid });
  },
  GetTrialWorkloads: (req, { state }) => {
    state.sync();
    const trial = state.trial(pathInt(req, 'trialId'));
    const sign = qStr(req, 'orderBy') === 'ORDER_BY_DESC' ? -1 : 1;
    const sorted = workloads(state, req, trial.id).sort((a, b) => sign * (a.batches - b.batches));
    const { page, pagination } = pageOf(
      sorted.map((x) => x.w),
      req,
    );
    return ok({ workloads: page, pagination });
  },
  PostTrialProfilerMetricsBatch: (req, { state }) => {
    const batches = (body(req).batches ?? []) as Wire['v1TrialProfilerMetricsBatch'][];
    for (const b of batches) {
      state.trial(b.labels.trialId);
      if (b.values.length !== b.batches.length || b.values.length !== b.timestamps.length)
        throw invalidArgument('values, batches and timestamps must have the same length');
    }
    state.cluster.trialExtras.addProfiler(batches);
    return ok({});
  },
  GetTrialProfilerAvailableSeries: (req, { state }) => {
    const trialId = pathInt(req, 'trialId');
    state.trial(trialId);
    const labels = state.cluster.trialExtras.profilerSeries(trialId);
    return {
      ndjson: (async function* () {
        yield { result: { labels } };
      })(),
    };
  },
  GetTrialProfilerMetrics: (req, { state }) => {
    const trialId = pathInt(req, 'labels.trialId');
    state.trial(trialId);
    const name = qStr(req, 'labels.name');
    const agentId = qStr(req, 'labels.agentId');
    const gpuUuid = qStr(req, 'labels.gpuUuid');
    const metricType = qStr(req, 'labels.metricType');
    const batches = (state.cluster.trialExtras.profiler.get(trialId) ?? []).filter(
      (b) =>
        (name === undefined || b.labels.name === name) &&
        (agentId === undefined || b.labels.agentId === agentId) &&
        (gpuUuid === undefined || b.labels.gpuUuid === gpuUuid) &&
        (metricType === undefined ||
          metricType === 'PROFILER_METRIC_TYPE_UNSPECIFIED' ||
          b.labels.metricType === metricType),
    );
    return {
      ndjson: (async function* () {
        for (const batch of batches) yield { result: { batch } };
      })(),
    };
  },
};
