// Renders stored records as the master's API objects (deep copies, so callers cannot mutate
// the state). Optional scalars that are unset are omitted, as the master's JSON does.
import { schemas } from '@determined-ts/bindings';
import type { MockState } from './mock-state';
import type {
  CheckpointRecord,
  ExperimentRecord,
  JsonObject,
  ModelRecord,
  ModelVersionRecord,
  ProjectRecord,
  TrialRecord,
  WorkspaceRecord,
} from './records';
import { type Wire, withExtra } from './wire';

const ACTIVE_EXPERIMENT = new Set([
  'STATE_ACTIVE',
  'STATE_QUEUED',
  'STATE_PULLING',
  'STATE_STARTING',
  'STATE_RUNNING',
  'STATE_PAUSED',
]);

function opt<K extends string, V>(key: K, value: V | null | undefined): Partial<Record<K, V>> {
  return value === null || value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** A recorded wire object kept in `extra` (a seeded model version's model or checkpoint), checked against its schema. */
function recordedAs<N extends keyof Wire & keyof typeof schemas>(name: N, value: unknown): Wire[N] {
  const parsed = schemas[name].safeParse(value);
  if (!parsed.success) throw new Error(`recorded ${name} does not match the spec: ${parsed.error.message}`);
  // Checked just above against the zod schema generated from the same spec as the type.
  return value as Wire[N];
}

function sizeOf(resources: Readonly<Record<string, string>>): bigint {
  let total = 0n;
  for (const v of Object.values(resources)) total += BigInt(v || '0');
  return total;
}

function liveCheckpoints(
  state: MockState,
  filter: { experimentId?: number; trialId?: number },
): CheckpointRecord[] {
  return state.checkpointsOf(filter).filter((c) => c.state !== 'STATE_DELETED');
}

/** `v1Experiment`. */
export function renderExperiment(state: MockState, exp: ExperimentRecord): Wire['v1Experiment'] {
  const project = state.projects.get(exp.projectId);
  const workspace = project ? state.workspaces.get(project.workspaceId) : undefined;
  const cks = exp.derived ? liveCheckpoints(state, { experimentId: exp.id }) : [];
  const derived = exp.derived
    ? {
        numTrials: exp.trialIds.length,
        trialIds: exp.trialIds,
        checkpointSize: String(cks.reduce((n, c) => n + sizeOf(c.resources), 0n)),
        checkpointCount: cks.length,
      }
    : {
        numTrials: exp.numTrials,
        trialIds: exp.trialIds,
        checkpointSize: exp.checkpointSize,
        checkpointCount: exp.checkpointCount,
      };
  return withExtra<Wire['v1Experiment']>(exp.extra, {
    id: exp.id,
    description: exp.description,
    labels: exp.labels,
    startTime: exp.startTime,
    ...opt('endTime', exp.endTime),
    state: exp.state,
    archived: exp.archived,
    ...derived,
    displayName: exp.displayName,
    userId: exp.userId,
    username: exp.username,
    resourcePool: exp.resourcePool,
    searcherType: exp.searcherType,
    ...opt('searcherMetric', exp.searcherMetric),
    ...opt('hyperparameters', exp.config.hyperparameters as JsonObject | undefined),
    name: exp.name,
    notes: exp.notes,
    jobId: exp.jobId,
    forkedFrom: exp.forkedFrom,
    ...opt('progress', exp.progress),
    projectId: exp.projectId,
    projectName: project?.name ?? (exp.extra.projectName as string | undefined) ?? '',
    workspaceId: project?.workspaceId ?? (exp.extra.workspaceId as number | undefined) ?? 0,
    workspaceName: workspace?.name ?? (exp.extra.workspaceName as string | undefined) ?? '',
    parentArchived: exp.parentArchived || project?.archived === true || workspace?.archived === true,
    config: exp.config,
    originalConfig: exp.originalConfig,
    projectOwnerId: exp.projectOwnerId,
    ...opt('bestTrialSearcherMetric', exp.bestTrialSearcherMetric),
    ...opt('bestTrialId', exp.bestTrialId),
    unmanaged: exp.unmanaged,
    ...opt('duration', exp.duration),
  });
}

/** `v1CheckpointWorkload` of a checkpoint. */
function checkpointWorkload(ck: CheckpointRecord): Wire['v1CheckpointWorkload'] {
  return {
    uuid: ck.uuid,
    endTime: ck.reportTime,
    state: ck.state,
    resources: ck.resources,
    totalBatches: ck.totalBatches,
    metadata: ck.metadata,
  };
}

/** `trialv1Trial`. */
export function renderTrial(state: MockState, trial: TrialRecord): Wire['trialv1Trial'] {
  const best = trial.bestCheckpointUuid ? state.checkpoints.get(trial.bestCheckpointUuid) : undefined;
  const cks = trial.derived ? liveCheckpoints(state, { trialId: trial.id }) : [];
  return withExtra<Wire['trialv1Trial']>(trial.extra, {
    id: trial.id,
    experimentId: trial.experimentId,
    startTime: trial.startTime,
    ...opt('endTime', trial.endTime),
    state: trial.state,
    restarts: trial.restarts,
    hparams: trial.hparams,
    totalBatchesProcessed: trial.totalBatchesProcessed,
    ...opt('bestValidation', trial.bestValidation),
    ...opt('latestValidation', trial.latestValidation),
    ...(best ? { bestCheckpoint: checkpointWorkload(best) } : {}),
    runnerState: trial.runnerState,
    wallClockTime: trial.wallClockTime,
    warmStartCheckpointUuid: trial.warmStartCheckpointUuid,
    taskId: trial.taskId,
    ...(trial.derived
      ? {
          totalCheckpointSize: String(cks.reduce((n, c) => n + sizeOf(c.resources), 0n)),
          checkpointCount: cks.length,
        }
      : {}),
    summaryMetrics: trial.summaryMetrics,
    ...(trial.derived ? { taskIds: (trial.tasks ?? [{ taskId: trial.taskId }]).map((t) => t.taskId) } : {}),
    ...opt('searcherMetricValue', trial.searcherMetricValue),
    ...opt('logRetentionDays', trial.logRetentionDays),
  });
}

/** `v1Checkpoint`. */
export function renderCheckpoint(ck: CheckpointRecord): Wire['v1Checkpoint'] {
  const t = ck.training;
  return withExtra<Wire['v1Checkpoint']>(ck.extra, {
    taskId: ck.taskId,
    allocationId: ck.allocationId,
    uuid: ck.uuid,
    reportTime: ck.reportTime,
    resources: ck.resources,
    metadata: ck.metadata,
    state: ck.state,
    training:
      t === null
        ? {}
        : {
            trialId: t.trialId,
            experimentId: t.experimentId,
            experimentConfig: t.experimentConfig,
            hparams: t.hparams,
            ...opt('trainingMetrics', t.trainingMetrics),
            ...opt('validationMetrics', t.validationMetrics),
            ...opt('searcherMetric', t.searcherMetric),
          },
  });
}

/** `v1Model`. */
export function renderModel(state: MockState, m: ModelRecord): Wire['v1Model'] {
  let numVersions = 0;
  for (const v of state.modelVersions.values()) if (v.modelId === m.id) numVersions++;
  return withExtra<Wire['v1Model']>(m.extra, {
    name: m.name,
    description: m.description,
    metadata: m.metadata,
    creationTime: m.creationTime,
    lastUpdatedTime: m.lastUpdatedTime,
    id: m.id,
    numVersions,
    labels: m.labels,
    username: m.username,
    workspaceId: m.workspaceId,
    userId: m.userId,
    archived: m.archived,
    notes: m.notes,
  });
}

/** `v1ModelVersion`. */
export function renderModelVersion(state: MockState, v: ModelVersionRecord): Wire['v1ModelVersion'] {
  const model = state.models.get(v.modelId);
  const ck = state.checkpoints.get(v.checkpointUuid);
  return withExtra<Wire['v1ModelVersion']>(v.extra, {
    model: model ? renderModel(state, model) : recordedAs('v1Model', v.extra.model),
    checkpoint: ck ? renderCheckpoint(ck) : recordedAs('v1Checkpoint', v.extra.checkpoint),
    version: v.version,
    creationTime: v.creationTime,
    id: v.id,
    name: v.name,
    metadata: v.metadata,
    lastUpdatedTime: v.lastUpdatedTime,
    comment: v.comment,
    username: v.username,
    userId: v.userId,
    labels: v.labels,
    notes: v.notes,
  });
}

/** `v1Workspace`. */
export function renderWorkspace(state: MockState, w: WorkspaceRecord): Wire['v1Workspace'] {
  const projects = [...state.projects.values()].filter((p) => p.workspaceId === w.id);
  const ids = new Set(projects.map((p) => p.id));
  const numExperiments = [...state.experiments.values()].filter((e) => ids.has(e.projectId)).length;
  return withExtra<Wire['v1Workspace']>(w.extra, {
    id: w.id,
    name: w.name,
    archived: w.archived,
    username: w.username,
    immutable: w.immutable,
    numProjects: projects.length,
    pinned: w.pinned,
    userId: w.userId,
    numExperiments,
    state: w.state,
    errorMessage: w.errorMessage,
    ...opt('agentUserGroup', w.agentUserGroup),
    // The master stores an empty checkpoint storage config (a reset) as no config.
    ...opt(
      'checkpointStorageConfig',
      w.checkpointStorageConfig !== null && Object.keys(w.checkpointStorageConfig).length > 0
        ? w.checkpointStorageConfig
        : null,
    ),
    defaultComputePool: w.defaultComputePool,
    defaultAuxPool: w.defaultAuxPool,
  });
}

/** `v1Project`. */
export function renderProject(state: MockState, p: ProjectRecord): Wire['v1Project'] {
  const exps = [...state.experiments.values()].filter((e) => e.projectId === p.id);
  const last = exps
    .map((e) => e.startTime)
    .sort()
    .at(-1);
  return withExtra<Wire['v1Project']>(p.extra, {
    id: p.id,
    name: p.name,
    workspaceId: p.workspaceId,
    description: p.description,
    ...opt('lastExperimentStartedAt', last),
    notes: p.notes,
    numExperiments: exps.length,
    numActiveExperiments: exps.filter((e) => ACTIVE_EXPERIMENT.has(e.state)).length,
    // As the master's project queries: archived when it or its workspace is.
    archived: p.archived || state.workspaces.get(p.workspaceId)?.archived === true,
    username: p.username,
    immutable: p.immutable,
    userId: p.userId,
    workspaceName: state.workspaces.get(p.workspaceId)?.name ?? '',
    state: p.state,
    errorMessage: p.errorMessage,
    key: p.key,
    numRuns: exps.reduce((n, e) => n + (e.derived ? e.trialIds.length : e.numTrials), 0),
  });
}
