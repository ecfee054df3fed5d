import type { MockUser } from '../auth/mock-user';
import { failedPrecondition, invalidArgument } from '../errors';
import { rfc3339 } from './clock';
import { checkModelDefinitionSize, deepMerge, expandConfig, parseConfigText } from './experiment-config';
import type { MockState } from './mock-state';
import type { ExperimentRecord, JsonObject, ModelFile } from './records';
import { ConfigError, planSearch, type SearchPlan } from './searcher';
import type { ExperimentSim } from './sim-types';
import { syncExperiment } from './simulation';
import { uuidFor } from './trial-events';

/** The fields of `v1CreateExperimentRequest` the mock honours. */
export interface CreateExperimentInput {
  config: string;
  modelDefinition?: readonly ModelFile[] | null;
  activate?: boolean | null;
  projectId?: number | null;
  template?: string | null;
  parentId?: number | null;
  validateOnly?: boolean | null;
  unmanaged?: boolean | null;
}

/** What CreateExperiment answers with. */
export interface CreatedExperiment {
  experiment: ExperimentRecord;
  config: JsonObject;
  warnings: string[];
}

function plan(config: JsonObject, seed: number): SearchPlan {
  try {
    return planSearch(config, seed);
  } catch (e) {
    if (e instanceof ConfigError) throw invalidArgument(`invalid experiment configuration: ${e.message}`);
    throw e;
  }
}

function userConfig(state: MockState, input: CreateExperimentInput): JsonObject {
  let config = parseConfigText(input.config);
  if (input.template) config = deepMerge(state.cluster.templates.config(input.template), config);
  if (input.parentId) config = deepMerge(state.experiment(input.parentId).config, config);
  return config;
}

/**
 * The checkpoint trials start from: `searcher.source_checkpoint_uuid`, or the latest checkpoint
 * of `searcher.source_trial_id` ('' when neither is set); NotFound / InvalidArgument as the master.
 */
function warmStartCheckpoint(state: MockState, searcher: JsonObject): string {
  const uuid = searcher.source_checkpoint_uuid;
  if (typeof uuid === 'string' && uuid !== '') return state.checkpoint(uuid).uuid;
  const trialId = searcher.source_trial_id;
  if (typeof trialId !== 'number') return '';
  const trial = state.trial(trialId);
  const latest = state
    .checkpointsOf({ trialId: trial.id })
    .filter((c) => c.state !== 'STATE_DELETED')
    .sort((a, b) => a.totalBatches - b.totalBatches || a.reportTime.localeCompare(b.reportTime))
    .pop();
  if (!latest) throw invalidArgument(`no checkpoint found for warm start trial ${trial.id}`);
  return latest.uuid;
}

/**
 * Validates and stores a new experiment (QUEUED, or PAUSED when not activated) and starts its
 * simulation. With `validateOnly` nothing is stored and the experiment has id 0.
 */
export function createExperiment(
  state: MockState,
  input: CreateExperimentInput,
  user: MockUser,
): CreatedExperiment {
  const files = input.modelDefinition ?? [];
  checkModelDefinitionSize(files);
  const projectId = input.projectId || 1;
  const project = state.project(projectId);
  if (project.archived)
    throw failedPrecondition(`project (${projectId}) is archived and cannot have new experiments`);
  const id = input.validateOnly ? 0 : state.nextId('experiment');
  const config = expandConfig(userConfig(state, input), {
    storageDir: state.storage.root,
    seed: state.seed + id,
    name: `Experiment (mock-${id})`,
  });
  const searchPlan = plan(config, state.seed + id);
  const now = state.nowMs();
  const resources = config.resources as JsonObject;
  const exp: ExperimentRecord = {
    id,
    description: typeof config.description === 'string' ? config.description : '',
    labels: (config.labels as unknown[]).map(String),
    startTime: rfc3339(now),
    endTime: null,
    state: input.unmanaged ? 'STATE_ACTIVE' : input.activate === false ? 'STATE_PAUSED' : 'STATE_QUEUED',
    archived: false,
    numTrials: 0,
    trialIds: [],
    displayName: user.displayName,
    userId: user.id,
    username: user.username,
    resourcePool: String(resources.resource_pool ?? 'default'),
    searcherType: searchPlan.searcherName,
    searcherMetric: searchPlan.metric,
    name: String(config.name),
    notes: '',
    jobId: uuidFor(state.seed, id, 17),
    forkedFrom: input.parentId || null,
    progress: 0,
    projectId,
    parentArchived: project.archived || state.workspace(project.workspaceId).archived,
    config,
    originalConfig: input.config,
    projectOwnerId: project.userId,
    checkpointSize: '0',
    checkpointCount: 0,
    bestTrialSearcherMetric: null,
    bestTrialId: null,
    unmanaged: input.unmanaged === true,
    duration: 0,
    modelDefinition: [...files],
    derived: true,
    extra: {},
  };
  const pool = state.resourcePools.get(exp.resourcePool);
  if (!pool) throw invalidArgument(`resource pool ${exp.resourcePool} does not exist`);
  const warnings =
    Number(resources.slots_per_trial ?? 1) > Number(pool.slotsAvailable ?? 0)
      ? ['LAUNCH_WARNING_CURRENT_SLOTS_EXCEEDED']
      : [];
  const warmStart = warmStartCheckpoint(state, config.searcher as JsonObject);
  if (input.validateOnly) return { experiment: exp, config, warnings };
  state.experiments.set(id, exp);
  const sim: ExperimentSim = {
    experimentId: id,
    plan: searchPlan,
    elapsed: 0,
    lastSyncMs: now,
    nextIndex: 0,
    slots: Array.from({ length: searchPlan.maxConcurrent }, () => 0),
    trials: [],
    stop: null,
    warmStartCheckpointUuid: warmStart,
  };
  state.sims.set(id, sim);
  // Its first trials exist from the start (at creation time, whatever the clock did since).
  syncExperiment(state, exp, sim, now);
  return { experiment: exp, config, warnings };
}
