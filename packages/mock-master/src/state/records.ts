import type { Nullable, Present, Wire } from './wire';

// Stored entities. They mirror the master's API shapes (field names and value formats) so that
// rendering is a copy plus a few derived fields; `extra` keeps unknown fields of seeded bodies.

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** True for a JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Experiment states (proto names) the mock puts on the wire. */
export type ExperimentState = Exclude<Wire['experimentv1State'], 'STATE_UNSPECIFIED'>;

/** Trial states (proto names) the mock puts on the wire. */
export type TrialState = Exclude<Wire['trialv1State'], 'STATE_UNSPECIFIED'>;

/** Checkpoint states (proto names) the mock puts on the wire. */
export type CheckpointState = Exclude<Wire['checkpointv1State'], 'STATE_UNSPECIFIED'>;

/** Experiment states after which nothing changes any more. */
export const TERMINAL_EXPERIMENT_STATES: ReadonlySet<string> = new Set([
  'STATE_COMPLETED',
  'STATE_CANCELED',
  'STATE_ERROR',
  'STATE_DELETED',
]);

/** Trial states after which nothing changes any more. */
export const TERMINAL_TRIAL_STATES: ReadonlySet<string> = new Set([
  'STATE_COMPLETED',
  'STATE_CANCELED',
  'STATE_ERROR',
]);

/** One file of an uploaded model definition (`v1File`). */
export type ModelFile = Wire['v1File'];

/** A stored experiment (`v1Experiment` minus the fields derived from its project). */
export interface ExperimentRecord
  extends Present<
      Wire['v1Experiment'],
      | 'id'
      | 'description'
      | 'labels'
      | 'startTime'
      | 'archived'
      | 'numTrials'
      | 'trialIds'
      | 'displayName'
      | 'userId'
      | 'username'
      | 'resourcePool'
      | 'searcherType'
      | 'name'
      | 'notes'
      | 'jobId'
      | 'projectId'
      | 'parentArchived'
      | 'originalConfig'
      | 'projectOwnerId'
      | 'checkpointSize'
      | 'checkpointCount'
      | 'unmanaged'
    >,
    Nullable<
      Wire['v1Experiment'],
      | 'endTime'
      | 'searcherMetric'
      | 'forkedFrom'
      | 'progress'
      | 'bestTrialSearcherMetric'
      | 'bestTrialId'
      | 'duration'
    > {
  state: ExperimentState;
  config: JsonObject;
  modelDefinition: ModelFile[];
  /** True when trial/checkpoint aggregates are computed from stored trials (false: seeded as recorded). */
  derived: boolean;
  extra: JsonObject;
}

/** Validation or training metrics of a workload (`v1Metrics`). */
export interface MetricsRecord extends Present<Wire['v1Metrics'], 'avgMetrics' | 'batchMetrics'> {
  avgMetrics: JsonObject;
  batchMetrics: JsonObject[];
}

/** `v1MetricsWorkload`. */
export interface MetricsWorkload
  extends Present<Wire['v1MetricsWorkload'], 'endTime' | 'numInputs' | 'totalBatches'> {
  metrics: MetricsRecord;
}

/** A stored trial (`trialv1Trial`). */
export interface TrialRecord
  extends Present<
      Wire['trialv1Trial'],
      | 'id'
      | 'experimentId'
      | 'startTime'
      | 'restarts'
      | 'totalBatchesProcessed'
      | 'runnerState'
      | 'wallClockTime'
      | 'warmStartCheckpointUuid'
      | 'taskId'
    >,
    Nullable<Wire['trialv1Trial'], 'endTime' | 'searcherMetricValue' | 'logRetentionDays'> {
  state: TrialState;
  hparams: JsonObject;
  summaryMetrics: JsonObject;
  bestValidation: MetricsWorkload | null;
  latestValidation: MetricsWorkload | null;
  bestCheckpointUuid: string | null;
  /**
   * The trial's tasks, oldest first (a continued trial gets `<first task id>-N`); the last one is
   * `taskId`. Absent for seeded trials, which have the one task `taskId`.
   */
  tasks?: TrialTask[];
  /** True when checkpoint aggregates are computed from stored checkpoints. */
  derived: boolean;
  extra: JsonObject;
}

/** One task (run) of a trial. */
export interface TrialTask {
  taskId: string;
  startTime: string;
  endTime: string | null;
}

/** Training metadata of a checkpoint (`v1CheckpointTrainingMetadata`). */
export interface CheckpointTraining
  extends Present<Wire['v1CheckpointTrainingMetadata'], 'trialId' | 'experimentId'>,
    Nullable<Wire['v1CheckpointTrainingMetadata'], 'searcherMetric'> {
  experimentConfig: JsonObject;
  hparams: JsonObject;
  trainingMetrics: MetricsRecord | null;
  validationMetrics: MetricsRecord | null;
}

/** A stored checkpoint (`v1Checkpoint`). */
export interface CheckpointRecord
  extends Present<Wire['v1Checkpoint'], 'taskId' | 'allocationId' | 'uuid' | 'reportTime' | 'resources'> {
  metadata: JsonObject;
  state: CheckpointState;
  training: CheckpointTraining | null;
  totalBatches: Wire['v1CheckpointWorkload']['totalBatches'];
  extra: JsonObject;
}

/** One metrics report (`v1MetricsReport`). */
export interface MetricsReport
  extends Present<
    Wire['v1MetricsReport'],
    'id' | 'trialId' | 'trialRunId' | 'totalBatches' | 'endTime' | 'group' | 'archived'
  > {
  metrics: JsonObject;
}

/** One trial log line (`v1TrialLogsResponse`). */
export interface TrialLogRecord
  extends Present<
    Wire['v1TrialLogsResponse'],
    'id' | 'trialId' | 'timestamp' | 'message' | 'log' | 'source' | 'stdtype'
  > {
  level: string;
  agentId?: string;
  containerId?: string;
  rankId?: number;
}

/** A stored model (`v1Model` without `numVersions`). */
export interface ModelRecord
  extends Present<
    Wire['v1Model'],
    | 'id'
    | 'name'
    | 'description'
    | 'creationTime'
    | 'lastUpdatedTime'
    | 'labels'
    | 'username'
    | 'userId'
    | 'workspaceId'
    | 'archived'
    | 'notes'
  > {
  metadata: JsonObject;
  extra: JsonObject;
}

/** A stored model version (`v1ModelVersion` with its model and checkpoint by reference). */
export interface ModelVersionRecord
  extends Present<
    Wire['v1ModelVersion'],
    | 'id'
    | 'version'
    | 'creationTime'
    | 'lastUpdatedTime'
    | 'name'
    | 'comment'
    | 'username'
    | 'userId'
    | 'labels'
    | 'notes'
  > {
  modelId: number;
  checkpointUuid: string;
  metadata: JsonObject;
  extra: JsonObject;
}

/** A stored workspace (`v1Workspace` without derived counts). */
export interface WorkspaceRecord
  extends Present<
    Wire['v1Workspace'],
    | 'id'
    | 'name'
    | 'archived'
    | 'username'
    | 'immutable'
    | 'pinned'
    | 'userId'
    | 'state'
    | 'errorMessage'
    | 'defaultComputePool'
    | 'defaultAuxPool'
  > {
  checkpointStorageConfig: JsonObject | null;
  agentUserGroup: Wire['v1AgentUserGroup'] | null;
  extra: JsonObject;
}

/** A project note (`v1Note`). */
export type Note = Wire['v1Note'];

/** A stored project (`v1Project` without derived counts). */
export interface ProjectRecord
  extends Present<
    Wire['v1Project'],
    | 'id'
    | 'name'
    | 'workspaceId'
    | 'description'
    | 'notes'
    | 'archived'
    | 'username'
    | 'immutable'
    | 'userId'
    | 'state'
    | 'errorMessage'
    | 'key'
  > {
  /** Creation time (the master keeps it; `v1Project` does not carry it). */
  creationTime: string;
  extra: JsonObject;
}

/** A trial that used a checkpoint as its source (GetTrialMetricsByCheckpoint/ModelVersion). */
export interface TrialSourceRecord {
  /** The checkpoint used. */
  checkpointUuid: string;
  /** The trial that used it. */
  trialId: number;
  /** `TRIAL_SOURCE_INFO_TYPE_...`. */
  type: string;
}
