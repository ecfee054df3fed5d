// Converts the master's API objects (recorded bodies) into stored records; fields the records
// do not model are kept in `extra` and rendered back unchanged.
import type {
  CheckpointRecord,
  CheckpointTraining,
  ExperimentRecord,
  ExperimentState,
  JsonObject,
  MetricsRecord,
  MetricsWorkload,
  TrialRecord,
  TrialState,
} from '../state/records';
import { type Api, bool, num, numOrNull, obj, str, strList } from './api-values';

function metricsRecord(v: unknown): MetricsRecord | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as JsonObject;
  return {
    avgMetrics: obj(o.avgMetrics),
    batchMetrics: Array.isArray(o.batchMetrics) ? (o.batchMetrics as JsonObject[]) : [],
  };
}

function workload(v: unknown): MetricsWorkload | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as JsonObject;
  return {
    endTime: str(o.endTime),
    metrics: metricsRecord(o.metrics) ?? { avgMetrics: {}, batchMetrics: [] },
    numInputs: num(o.numInputs),
    totalBatches: num(o.totalBatches),
  };
}

/** `v1Experiment` → record (aggregates kept as recorded). */
export function experimentFromApi(o: Api): ExperimentRecord {
  const {
    id,
    description,
    labels,
    startTime,
    endTime,
    state,
    archived,
    numTrials,
    trialIds,
    displayName,
    userId,
    username,
    resourcePool,
    searcherType,
    searcherMetric,
    name,
    notes,
    jobId,
    forkedFrom,
    progress,
    projectId,
    parentArchived,
    config,
    originalConfig,
    projectOwnerId,
    checkpointSize,
    checkpointCount,
    bestTrialSearcherMetric,
    bestTrialId,
    unmanaged,
    duration,
    ...extra
  } = o;
  return {
    id: num(id),
    description: str(description),
    labels: strList(labels),
    startTime: str(startTime),
    endTime: typeof endTime === 'string' ? endTime : null,
    state: str(state, 'STATE_COMPLETED') as ExperimentState,
    archived: bool(archived),
    numTrials: num(numTrials),
    trialIds: Array.isArray(trialIds) ? trialIds.map(Number) : [],
    displayName: str(displayName),
    userId: num(userId),
    username: str(username),
    resourcePool: str(resourcePool),
    searcherType: str(searcherType),
    searcherMetric: typeof searcherMetric === 'string' ? searcherMetric : null,
    name: str(name),
    notes: str(notes),
    jobId: str(jobId),
    forkedFrom: numOrNull(forkedFrom),
    progress: numOrNull(progress),
    projectId: num(projectId, 1),
    parentArchived: bool(parentArchived),
    config: obj(config),
    originalConfig: str(originalConfig),
    projectOwnerId: num(projectOwnerId),
    checkpointSize: str(checkpointSize, '0'),
    checkpointCount: num(checkpointCount),
    bestTrialSearcherMetric: numOrNull(bestTrialSearcherMetric),
    bestTrialId: numOrNull(bestTrialId),
    unmanaged: bool(unmanaged),
    duration: numOrNull(duration),
    modelDefinition: [],
    derived: false,
    extra,
  };
}

/** `trialv1Trial` → record (best checkpoint and sizes kept as recorded). */
export function trialFromApi(o: Api): TrialRecord {
  const {
    id,
    experimentId,
    startTime,
    endTime,
    state,
    restarts,
    hparams,
    totalBatchesProcessed,
    bestValidation,
    latestValidation,
    runnerState,
    wallClockTime,
    warmStartCheckpointUuid,
    taskId,
    summaryMetrics,
    searcherMetricValue,
    logRetentionDays,
    ...extra
  } = o;
  return {
    id: num(id),
    experimentId: num(experimentId),
    startTime: str(startTime),
    endTime: typeof endTime === 'string' ? endTime : null,
    state: str(state, 'STATE_COMPLETED') as TrialState,
    restarts: num(restarts),
    hparams: obj(hparams),
    totalBatchesProcessed: num(totalBatchesProcessed),
    bestValidation: workload(bestValidation),
    latestValidation: workload(latestValidation),
    bestCheckpointUuid: null,
    runnerState: str(runnerState),
    wallClockTime: num(wallClockTime),
    warmStartCheckpointUuid: str(warmStartCheckpointUuid),
    taskId: str(taskId),
    summaryMetrics: obj(summaryMetrics),
    searcherMetricValue: numOrNull(searcherMetricValue),
    logRetentionDays: numOrNull(logRetentionDays),
    derived: false,
    extra,
  };
}

function trainingFromApi(v: unknown): CheckpointTraining | null {
  const t = obj(v);
  if (!t.trialId) return null;
  return {
    trialId: num(t.trialId),
    experimentId: num(t.experimentId),
    experimentConfig: obj(t.experimentConfig),
    hparams: obj(t.hparams),
    trainingMetrics: metricsRecord(t.trainingMetrics),
    validationMetrics: metricsRecord(t.validationMetrics),
    searcherMetric: numOrNull(t.searcherMetric),
  };
}

/** `v1Checkpoint` → record. */
export function checkpointFromApi(o: Api): CheckpointRecord {
  const { taskId, allocationId, uuid, reportTime, resources, metadata, state, training, ...extra } = o;
  const md = obj(metadata);
  return {
    taskId: str(taskId),
    allocationId: str(allocationId),
    uuid: str(uuid),
    reportTime: str(reportTime),
    resources: Object.fromEntries(Object.entries(obj(resources)).map(([k, v]) => [k, String(v)])),
    metadata: md,
    state: str(state, 'STATE_COMPLETED') as CheckpointRecord['state'],
    training: trainingFromApi(training),
    totalBatches: num(md.steps_completed),
    extra,
  };
}
