import type { MockUser } from '../auth/mock-user';
import { rfc3339 } from '../state/clock';
import { createExperiment } from '../state/create-experiment';
import { expandConfig, parseConfigText } from '../state/experiment-config';
import type { MockState } from '../state/mock-state';
import {
  type ExperimentRecord,
  type ExperimentState,
  type JsonObject,
  type ModelFile,
  TERMINAL_EXPERIMENT_STATES,
  type TrialRecord,
  type TrialState,
} from '../state/records';
import { planSearch, type SearchPlan } from '../state/searcher';
import {
  recordCheckpoint,
  recordTraining,
  recordValidation,
  type TrialEventContext,
  uuidFor,
} from '../state/trial-events';
import type { ScenarioExperiment, ScenarioTrial } from './scenario-types';

/** A problem in a scenario file. */
export class ScenarioError extends Error {}

const DEFAULT_CONFIG = {
  searcher: { name: 'single', metric: 'validation_loss', max_length: { batches: 100 } },
};

function configOf(s: ScenarioExperiment): JsonObject {
  const raw: JsonObject =
    s.config === undefined
      ? structuredClone(DEFAULT_CONFIG)
      : typeof s.config === 'string'
        ? parseConfigText(s.config)
        : structuredClone(s.config);
  if (s.name !== undefined) raw.name = s.name;
  if (s.labels !== undefined) raw.labels = s.labels;
  if (s.description !== undefined) raw.description = s.description;
  return raw;
}

/** Model definition entries (with parent directories) for `path → contents`. */
export function modelFiles(files: Readonly<Record<string, string>>, mtimeMs: number): ModelFile[] {
  const mtime = String(Math.floor(mtimeMs / 1000));
  const dirs = new Set<string>();
  for (const p of Object.keys(files)) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const entries: ModelFile[] = [...dirs]
    .sort()
    .map((path) => ({ path, type: 53, content: '', mtime, mode: 0o40755, uid: 0, gid: 0 }));
  for (const [path, text] of Object.entries(files))
    entries.push({
      path,
      type: 48,
      content: Buffer.from(text).toString('base64'),
      mtime,
      mode: 0o100644,
      uid: 0,
      gid: 0,
    });
  return entries;
}

function trialStateFor(expState: string, given: string | undefined): TrialState {
  if (given) return given as TrialState;
  if (expState === 'STATE_COMPLETED') return 'STATE_COMPLETED';
  if (TERMINAL_EXPERIMENT_STATES.has(expState)) return 'STATE_CANCELED';
  return expState === 'STATE_PAUSED' ? 'STATE_PAUSED' : 'STATE_RUNNING';
}

function storedExperiment(
  state: MockState,
  s: ScenarioExperiment,
  owner: MockUser,
  projectId: number,
): { exp: ExperimentRecord; plan: SearchPlan } {
  const id = s.id ?? state.nextId('experiment');
  state.reserveId('experiment', id);
  const config = expandConfig(configOf(s), {
    storageDir: state.storage.root,
    seed: state.seed + id,
    name: `Experiment (mock-${id})`,
  });
  let plan: SearchPlan;
  try {
    plan = planSearch(config, state.seed + id);
  } catch (e) {
    throw new ScenarioError(`experiment ${id}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const now = state.nowMs();
  const expState = (s.state ?? 'STATE_COMPLETED') as ExperimentState;
  const terminal = TERMINAL_EXPERIMENT_STATES.has(expState);
  const project = state.project(projectId);
  const exp: ExperimentRecord = {
    id,
    description: String(config.description ?? ''),
    labels: (config.labels as unknown[]).map(String),
    startTime: rfc3339(now),
    endTime: terminal ? rfc3339(now) : null,
    state: expState,
    archived: s.archived === true,
    numTrials: 0,
    trialIds: [],
    displayName: owner.displayName,
    userId: owner.id,
    username: owner.username,
    resourcePool: String((config.resources as JsonObject).resource_pool ?? 'default'),
    searcherType: plan.searcherName,
    searcherMetric: plan.metric,
    name: String(config.name),
    notes: s.notes ?? '',
    jobId: uuidFor(state.seed, id, 17),
    forkedFrom: null,
    progress: expState === 'STATE_COMPLETED' ? 1 : 0,
    projectId,
    parentArchived: false,
    config,
    originalConfig: typeof s.config === 'string' ? s.config : '',
    projectOwnerId: project.userId,
    checkpointSize: '0',
    checkpointCount: 0,
    bestTrialSearcherMetric: null,
    bestTrialId: null,
    unmanaged: false,
    duration: 0,
    modelDefinition: modelFiles(s.modelDefinition ?? {}, now),
    derived: true,
    extra: {},
  };
  state.experiments.set(id, exp);
  return { exp, plan };
}

type TrialEvent = { batches: number; order: number; run: () => void };

function trialEvents(
  c: TrialEventContext,
  t: ScenarioTrial,
  startMs: number,
  msPerBatch: number,
): TrialEvent[] {
  const at = (b: number): number => startMs + b * msPerBatch;
  const events: TrialEvent[] = [];
  for (const r of t.training ?? [])
    events.push({
      batches: r.batches,
      order: 0,
      run: () => recordTraining(c, r.batches, at(r.batches), r.metrics),
    });
  for (const r of t.validation ?? [])
    events.push({
      batches: r.batches,
      order: 1,
      run: () => recordValidation(c, r.batches, at(r.batches), r.metrics),
    });
  for (const [group, reports] of Object.entries(t.groups ?? {})) {
    for (const r of reports) {
      events.push({
        batches: r.batches,
        order: 2,
        run: () =>
          c.host.metrics.add({
            id: c.host.nextId('report'),
            trialId: c.trial.id,
            trialRunId: 1,
            totalBatches: r.batches,
            endTime: rfc3339(at(r.batches)),
            metrics: { avg_metrics: r.metrics },
            group,
            archived: false,
          }),
      });
    }
  }
  for (const ck of t.checkpoints ?? []) {
    const opts = {
      ...(ck.uuid ? { uuid: ck.uuid } : {}),
      ...(ck.files ? { files: ck.files } : {}),
      ...(ck.metadata ? { metadata: ck.metadata } : {}),
      ...(ck.state ? { state: ck.state } : {}),
    };
    events.push({
      batches: ck.batches,
      order: 3,
      run: () => void recordCheckpoint(c, ck.batches, at(ck.batches), opts),
    });
  }
  return events.sort((a, b) => a.batches - b.batches || a.order - b.order);
}

function storedTrial(
  state: MockState,
  exp: ExperimentRecord,
  plan: SearchPlan,
  t: ScenarioTrial,
  index: number,
): void {
  const id = t.id ?? state.nextId('trial');
  state.reserveId('trial', id);
  const startMs = state.nowMs();
  const trialState = trialStateFor(exp.state, t.state);
  const trial: TrialRecord = {
    id,
    experimentId: exp.id,
    startTime: rfc3339(startMs),
    endTime: null,
    state: trialState,
    restarts: 0,
    hparams: t.hparams ?? plan.hparamSets[index] ?? {},
    totalBatchesProcessed: 0,
    bestValidation: null,
    latestValidation: null,
    bestCheckpointUuid: null,
    runnerState: '',
    wallClockTime: 0,
    warmStartCheckpointUuid: '',
    taskId: `${exp.id}.${uuidFor(state.seed, exp.id, index, 11)}`,
    summaryMetrics: {},
    searcherMetricValue: null,
    logRetentionDays: null,
    derived: true,
    extra: {},
  };
  state.trials.set(id, trial);
  exp.trialIds.push(id);
  const c: TrialEventContext = {
    host: state,
    exp,
    plan,
    trial,
    index,
    containerId: uuidFor(state.seed, exp.id, index, 13),
  };
  const events = trialEvents(c, t, startMs, state.timing.msPerBatch);
  for (const e of events) e.run();
  trial.totalBatchesProcessed = events.reduce((n, e) => Math.max(n, e.batches), 0);
  if (trialState === 'STATE_COMPLETED' || trialState === 'STATE_CANCELED' || trialState === 'STATE_ERROR') {
    trial.endTime = rfc3339(startMs + trial.totalBatchesProcessed * state.timing.msPerBatch);
  }
  for (const line of t.logs ?? []) {
    const l = typeof line === 'string' ? { log: line } : line;
    state.logs.add({
      trialId: id,
      atMs: startMs,
      log: l.log,
      ...(l.level ? { level: l.level } : {}),
      ...(l.stdtype ? { stdtype: l.stdtype } : {}),
      containerId: c.containerId,
      rankId: 0,
    });
  }
}

/** Adds one scenario experiment (stored as given, or created and simulated). */
export function addScenarioExperiment(
  state: MockState,
  s: ScenarioExperiment,
  owner: MockUser,
  projectId: number,
): ExperimentRecord {
  if (s.simulate) {
    const config = configOf(s);
    const { experiment } = createExperiment(
      state,
      {
        config: JSON.stringify(config),
        activate: s.activate !== false,
        projectId,
        modelDefinition: modelFiles(s.modelDefinition ?? {}, state.nowMs()),
      },
      owner,
    );
    if (s.notes !== undefined) experiment.notes = s.notes;
    return experiment;
  }
  const { exp, plan } = storedExperiment(state, s, owner, projectId);
  for (const [i, t] of (s.trials ?? []).entries()) storedTrial(state, exp, plan, t, i);
  return exp;
}
