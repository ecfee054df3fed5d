// Stored entities. They mirror the master's API shapes (field names and value formats) so that
// rendering is a copy plus a few derived fields; `extra` keeps unknown fields of seeded bodies.

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** True for a JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Experiment states (proto names). */
export type ExperimentState =
  | 'STATE_ACTIVE'
  | 'STATE_PAUSED'
  | 'STATE_STOPPING_COMPLETED'
  | 'STATE_STOPPING_CANCELED'
  | 'STATE_STOPPING_ERROR'
  | 'STATE_COMPLETED'
  | 'STATE_CANCELED'
  | 'STATE_ERROR'
  | 'STATE_DELETED'
  | 'STATE_DELETING'
  | 'STATE_DELETE_FAILED'
  | 'STATE_STOPPING_KILLED'
  | 'STATE_QUEUED'
  | 'STATE_PULLING'
  | 'STATE_STARTING'
  | 'STATE_RUNNING';

/** Trial states (proto names). */
export type TrialState =
  | 'STATE_ACTIVE'
  | 'STATE_PAUSED'
  | 'STATE_STOPPING_CANCELED'
  | 'STATE_STOPPING_KILLED'
  | 'STATE_STOPPING_COMPLETED'
  | 'STATE_STOPPING_ERROR'
  | 'STATE_CANCELED'
  | 'STATE_COMPLETED'
  | 'STATE_ERROR'
  | 'STATE_QUEUED'
  | 'STATE_PULLING'
  | 'STATE_STARTING'
  | 'STATE_RUNNING';

/** Checkpoint states (proto names). */
export type CheckpointState =
  | 'STATE_ACTIVE'
  | 'STATE_COMPLETED'
  | 'STATE_ERROR'
  | 'STATE_DELETED'
  | 'STATE_PARTIALLY_DELETED';

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
export interface ModelFile {
  path: string;
  type: number;
  content: string;
  mtime: string;
  mode: number;
  uid: number;
  gid: number;
}

/** A stored experiment (`v1Experiment` minus the fields derived from its project). */
export interface ExperimentRecord {
  id: number;
  description: string;
  labels: string[];
  startTime: string;
  endTime: string | null;
  state: ExperimentState;
  archived: boolean;
  numTrials: number;
  trialIds: number[];
  displayName: string;
  userId: number;
  username: string;
  resourcePool: string;
  searcherType: string;
  searcherMetric: string | null;
  name: string;
  notes: string;
  jobId: string;
  forkedFrom: number | null;
  progress: number | null;
  projectId: number;
  parentArchived: boolean;
  config: JsonObject;
  originalConfig: string;
  projectOwnerId: number;
  checkpointSize: string;
  checkpointCount: number;
  bestTrialSearcherMetric: number | null;
  bestTrialId: number | null;
  unmanaged: boolean;
  duration: number | null;
  modelDefinition: ModelFile[];
  /** True when trial/checkpoint aggregates are computed from stored trials (false: seeded as recorded). */
  derived: boolean;
  extra: JsonObject;
}

/** Validation or training metrics of a workload (`v1Metrics`). */
export interface MetricsRecord {
  avgMetrics: JsonObject;
  batchMetrics: JsonObject[];
}

/** `v1MetricsWorkload`. */
export interface MetricsWorkload {
  endTime: string;
  metrics: MetricsRecord;
  numInputs: number;
  totalBatches: number;
}

/** A stored trial (`trialv1Trial`). */
export interface TrialRecord {
  id: number;
  experimentId: number;
  startTime: string;
  endTime: string | null;
  state: TrialState;
  restarts: number;
  hparams: JsonObject;
  totalBatchesProcessed: number;
  bestValidation: MetricsWorkload | null;
  latestValidation: MetricsWorkload | null;
  bestCheckpointUuid: string | null;
  runnerState: string;
  wallClockTime: number;
  warmStartCheckpointUuid: string;
  taskId: string;
  summaryMetrics: JsonObject;
  searcherMetricValue: number | null;
  logRetentionDays: number | null;
  /** True when checkpoint aggregates are computed from stored checkpoints. */
  derived: boolean;
  extra: JsonObject;
}

/** Training metadata of a checkpoint (`v1CheckpointTrainingMetadata`). */
export interface CheckpointTraining {
  trialId: number;
  experimentId: number;
  experimentConfig: JsonObject;
  hparams: JsonObject;
  trainingMetrics: MetricsRecord | null;
  validationMetrics: MetricsRecord | null;
  searcherMetric: number | null;
}

/** A stored checkpoint (`v1Checkpoint`). */
export interface CheckpointRecord {
  taskId: string;
  allocationId: string;
  uuid: string;
  reportTime: string;
  resources: Record<string, string>;
  metadata: JsonObject;
  state: CheckpointState;
  training: CheckpointTraining | null;
  totalBatches: number;
  extra: JsonObject;
}

/** One metrics report (`v1MetricsReport`). */
export interface MetricsReport {
  id: number;
  trialId: number;
  trialRunId: number;
  totalBatches: number;
  endTime: string;
  metrics: JsonObject;
  group: string;
  archived: boolean;
}

/** One trial log line (`v1TrialLogsResponse`). */
export interface TrialLogRecord {
  id: string;
  trialId: number;
  timestamp: string;
  message: string;
  level: string;
  log: string;
  source: string;
  stdtype: string;
  agentId?: string;
  containerId?: string;
  rankId?: number;
}

/** A stored model (`v1Model` without `numVersions`). */
export interface ModelRecord {
  id: number;
  name: string;
  description: string;
  metadata: JsonObject;
  creationTime: string;
  lastUpdatedTime: string;
  labels: string[];
  username: string;
  userId: number;
  workspaceId: number;
  archived: boolean;
  notes: string;
  extra: JsonObject;
}

/** A stored model version (`v1ModelVersion` with its model and checkpoint by reference). */
export interface ModelVersionRecord {
  id: number;
  modelId: number;
  version: number;
  checkpointUuid: string;
  creationTime: string;
  lastUpdatedTime: string;
  name: string;
  metadata: JsonObject;
  comment: string;
  username: string;
  userId: number;
  labels: string[];
  notes: string;
  extra: JsonObject;
}

/** A stored workspace (`v1Workspace` without derived counts). */
export interface WorkspaceRecord {
  id: number;
  name: string;
  archived: boolean;
  username: string;
  immutable: boolean;
  pinned: boolean;
  userId: number;
  state: string;
  errorMessage: string;
  defaultComputePool: string;
  defaultAuxPool: string;
  checkpointStorageConfig: JsonObject | null;
  agentUserGroup: JsonObject | null;
  extra: JsonObject;
}

/** A project note (`v1Note`). */
export interface Note {
  name: string;
  contents: string;
}

/** A stored project (`v1Project` without derived counts). */
export interface ProjectRecord {
  id: number;
  name: string;
  workspaceId: number;
  description: string;
  notes: Note[];
  archived: boolean;
  username: string;
  immutable: boolean;
  userId: number;
  state: string;
  errorMessage: string;
  key: string;
  creationTime: string;
  extra: JsonObject;
}
