import { rfc3339 } from './clock';
import type { ExperimentRecord, TrialRecord } from './records';
import type { SimHost } from './sim-types';
import { uuidFor } from './trial-events';

/** Options of {@link createLargeCheckpoint}. */
export interface LargeCheckpointOptions {
  /** Attach to this trial (default: a new completed single-trial experiment). */
  trialId?: number;
}

/** Options of {@link createSyntheticMetrics}. */
export interface SyntheticMetricsOptions {
  /** Metric group (default `training`). */
  group?: string;
  /** Batches between rows (default 100). */
  step?: number;
}

/** What the synthetic-data helpers need from the state (the state implements it). */
export interface SyntheticHost extends Omit<SimHost, 'nextId'> {
  nextId(kind: 'experiment' | 'trial' | 'report'): number;
  reserveId(kind: 'report', id: number): void;
  nowIso(): string;
  nowMs(): number;
  trial(id: number): TrialRecord;
  experiment(id: number): ExperimentRecord;
}

function completedExperiment(state: SyntheticHost): { exp: ExperimentRecord; trial: TrialRecord } {
  const id = state.nextId('experiment');
  const now = state.nowIso();
  const config = {
    name: `large-checkpoint-${id}`,
    checkpoint_storage: {
      type: 'shared_fs',
      host_path: state.storage.root,
      storage_path: null,
      propagation: 'rprivate',
      save_experiment_best: 0,
      save_trial_best: 1,
      save_trial_latest: 1,
    },
    hyperparameters: {},
    searcher: {
      name: 'single',
      metric: 'validation_loss',
      smaller_is_better: true,
      max_length: { batches: 100 },
    },
    resources: { resource_pool: 'default', slots_per_trial: 1 },
    labels: [],
  };
  const exp: ExperimentRecord = {
    id,
    description: '',
    labels: [],
    startTime: now,
    endTime: now,
    state: 'STATE_COMPLETED',
    archived: false,
    numTrials: 1,
    trialIds: [],
    displayName: 'determined',
    userId: 1,
    username: 'determined',
    resourcePool: 'default',
    searcherType: 'single',
    searcherMetric: 'validation_loss',
    name: config.name,
    notes: '',
    jobId: uuidFor(state.seed, id, 17),
    forkedFrom: null,
    progress: 1,
    projectId: 1,
    parentArchived: false,
    config,
    originalConfig: '',
    projectOwnerId: 2,
    checkpointSize: '0',
    checkpointCount: 0,
    bestTrialSearcherMetric: null,
    bestTrialId: null,
    unmanaged: false,
    duration: 0,
    modelDefinition: [],
    derived: true,
    extra: {},
  };
  const trial: TrialRecord = {
    id: state.nextId('trial'),
    experimentId: id,
    startTime: now,
    endTime: now,
    state: 'STATE_COMPLETED',
    restarts: 0,
    hparams: {},
    totalBatchesProcessed: 100,
    bestValidation: null,
    latestValidation: null,
    bestCheckpointUuid: null,
    runnerState: '',
    wallClockTime: 0,
    warmStartCheckpointUuid: '',
    taskId: `${id}.${uuidFor(state.seed, id, 0, 11)}`,
    summaryMetrics: {},
    searcherMetricValue: null,
    logRetentionDays: null,
    derived: true,
    extra: {},
  };
  exp.trialIds.push(trial.id);
  state.experiments.set(id, exp);
  state.trials.set(trial.id, trial);
  return { exp, trial };
}

/**
 * Creates a COMPLETED checkpoint whose `state_dict.pth` is `sizeBytes` long (a sparse file, so
 * it costs no memory and little disk) and returns its UUID. For archive-streaming benchmarks.
 */
export function createLargeCheckpoint(
  state: SyntheticHost,
  sizeBytes: number,
  options: LargeCheckpointOptions = {},
): string {
  const target = options.trialId === undefined ? completedExperiment(state) : undefined;
  const trial = target?.trial ?? state.trial(options.trialId ?? 0);
  const exp = target?.exp ?? state.experiment(trial.experimentId);
  const uuid = uuidFor(state.seed, exp.id, trial.id, sizeBytes, 19);
  const metadata = {
    determined_version: '0.38.1',
    format: 'pickle',
    steps_completed: trial.totalBatchesProcessed,
  };
  const resources = state.storage.writeLarge(uuid, sizeBytes, metadata);
  state.checkpoints.set(uuid, {
    taskId: trial.taskId,
    allocationId: `${trial.taskId}.1`,
    uuid,
    reportTime: state.nowIso(),
    resources,
    metadata,
    state: 'STATE_COMPLETED',
    training: {
      trialId: trial.id,
      experimentId: exp.id,
      experimentConfig: exp.config,
      hparams: trial.hparams,
      trainingMetrics: null,
      validationMetrics: null,
      searcherMetric: null,
    },
    totalBatches: trial.totalBatchesProcessed,
    extra: {},
  });
  if (trial.bestCheckpointUuid === null) trial.bestCheckpointUuid = uuid;
  return uuid;
}

/**
 * Adds `rows` metric reports to a trial that are generated on demand when streamed (constant
 * memory, e.g. a 1,000,000-row GetMetrics stream). They follow the trial's existing reports.
 */
export function createSyntheticMetrics(
  state: SyntheticHost,
  trialId: number,
  rows: number,
  options: SyntheticMetricsOptions = {},
): void {
  state.trial(trialId);
  if (!Number.isSafeInteger(rows) || rows < 0) throw new RangeError(`invalid row count ${rows}`);
  const firstId = state.nextId('report');
  state.reserveId('report', firstId + rows - 1);
  state.metrics.addSynthetic(trialId, {
    group: options.group ?? 'training',
    rows,
    firstId,
    step: options.step ?? 100,
    startMs: Date.parse(rfc3339(state.nowMs())),
    seed: state.seed,
  });
}
