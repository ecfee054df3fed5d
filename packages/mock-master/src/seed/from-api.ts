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
  ModelRecord,
  ModelVersionRecord,
  ProjectRecord,
  TrialRecord,
  TrialState,
  WorkspaceRecord,
} from '../state/records';

type Api = JsonObject;

const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);
const num = (v: unknown, d = 0): number => (typeof v === 'number' ? v : d);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const bool = (v: unknown): boolean => v === true;
const obj = (v: unknown): JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : {};
const strList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const isDate = (v: unknown): boolean => typeof v === 'string' && !Number.isNaN(Date.parse(v));

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

/** `v1Model` → record. */
export function modelFromApi(o: Api): ModelRecord {
  const {
    id,
    name,
    description,
    metadata,
    creationTime,
    lastUpdatedTime,
    labels,
    username,
    userId,
    workspaceId,
    archived,
    notes,
    numVersions: _n,
    ...extra
  } = o;
  return {
    id: num(id),
    name: str(name),
    description: str(description),
    metadata: obj(metadata),
    creationTime: str(creationTime),
    lastUpdatedTime: str(lastUpdatedTime),
    labels: strList(labels),
    username: str(username),
    userId: num(userId),
    workspaceId: num(workspaceId, 1),
    archived: bool(archived),
    notes: str(notes),
    extra,
  };
}

/** `v1ModelVersion` → record (its model and checkpoint are stored separately). */
export function modelVersionFromApi(o: Api, modelId: number): ModelVersionRecord {
  const {
    id,
    version,
    checkpoint,
    creationTime,
    lastUpdatedTime,
    name,
    metadata,
    comment,
    username,
    userId,
    labels,
    notes,
    model: _m,
    ...extra
  } = o;
  return {
    id: num(id),
    modelId,
    version: num(version),
    checkpointUuid: str(obj(checkpoint).uuid),
    creationTime: str(creationTime),
    lastUpdatedTime: str(lastUpdatedTime),
    name: str(name),
    metadata: obj(metadata),
    comment: str(comment),
    username: str(username),
    userId: num(userId),
    labels: strList(labels),
    notes: str(notes),
    extra,
  };
}

/** `v1Workspace` → record. */
export function workspaceFromApi(o: Api): WorkspaceRecord {
  const {
    id,
    name,
    archived,
    username,
    immutable,
    pinned,
    userId,
    state,
    errorMessage,
    defaultComputePool,
    defaultAuxPool,
    checkpointStorageConfig,
    agentUserGroup,
    numProjects: _p,
    numExperiments: _e,
    ...extra
  } = o;
  return {
    id: num(id),
    name: str(name),
    archived: bool(archived),
    username: str(username),
    immutable: bool(immutable),
    pinned: bool(pinned),
    userId: num(userId),
    state: str(state, 'WORKSPACE_STATE_UNSPECIFIED'),
    errorMessage: str(errorMessage),
    defaultComputePool: str(defaultComputePool),
    defaultAuxPool: str(defaultAuxPool),
    checkpointStorageConfig: checkpointStorageConfig ? obj(checkpointStorageConfig) : null,
    agentUserGroup: agentUserGroup ? obj(agentUserGroup) : null,
    extra,
  };
}

/** `v1Project` → record (an unparsable `lastExperimentStartedAt` is dropped). */
export function projectFromApi(o: Api, creationTime: string): ProjectRecord {
  const {
    id,
    name,
    workspaceId,
    description,
    notes,
    archived,
    username,
    immutable,
    userId,
    state,
    errorMessage,
    key,
    numExperiments: _e,
    numActiveExperiments: _a,
    numRuns: _r,
    workspaceName: _w,
    lastExperimentStartedAt,
    ...extra
  } = o;
  return {
    id: num(id),
    name: str(name),
    workspaceId: num(workspaceId, 1),
    description: str(description),
    notes: Array.isArray(notes)
      ? notes.map((n) => ({ name: str(obj(n).name), contents: str(obj(n).contents) }))
      : [],
    archived: bool(archived),
    username: str(username),
    immutable: bool(immutable),
    userId: num(userId),
    state: str(state, 'WORKSPACE_STATE_UNSPECIFIED'),
    errorMessage: str(errorMessage),
    key: str(key),
    creationTime,
    extra: isDate(lastExperimentStartedAt) ? { ...extra, lastExperimentStartedAt } : extra,
  };
}
