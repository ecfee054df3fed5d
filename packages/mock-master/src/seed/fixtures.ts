import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { defaultResourcePool } from '../state/defaults';
import type { MockState } from '../state/mock-state';
import type { JsonObject, TrialLogRecord } from '../state/records';
import { checkpointFromApi, experimentFromApi, trialFromApi } from './from-api';
import { modelFromApi, modelVersionFromApi, projectFromApi, workspaceFromApi } from './from-api-registry';

async function readJson(dir: string, name: string): Promise<JsonObject | null> {
  const file = path.join(dir, name);
  if (!existsSync(file)) return null;
  return JSON.parse(await readFile(file, 'utf8')) as JsonObject;
}

function list(body: JsonObject | null | undefined, key: string): JsonObject[] {
  const v = body?.[key];
  return Array.isArray(v) ? (v as JsonObject[]) : [];
}

function one(body: JsonObject | null | undefined, key: string): JsonObject[] {
  const v = body?.[key];
  return typeof v === 'object' && v !== null ? [v as JsonObject] : [];
}

function addCheckpoint(state: MockState, api: JsonObject): void {
  const ck = checkpointFromApi(api);
  if (ck.uuid === '') return;
  state.checkpoints.set(ck.uuid, ck);
  state.storage.materialize(ck.uuid, ck.resources, ck.metadata);
}

function loadEntities(state: MockState, bodies: Record<string, JsonObject | null>): void {
  for (const e of [...list(bodies.experiments, 'experiments'), ...one(bodies.experiment, 'experiment')]) {
    const exp = experimentFromApi(e);
    state.experiments.set(exp.id, exp);
    state.reserveId('experiment', exp.id);
  }
  for (const t of [...list(bodies.trials, 'trials'), ...one(bodies.trial, 'trial')]) {
    const trial = trialFromApi(t);
    state.trials.set(trial.id, trial);
    state.reserveId('trial', trial.id);
  }
  for (const c of [...list(bodies.checkpoints, 'checkpoints'), ...one(bodies.checkpoint, 'checkpoint')])
    addCheckpoint(state, c);
  for (const w of one(bodies.workspace, 'workspace')) {
    const ws = workspaceFromApi(w);
    state.workspaces.set(ws.id, ws);
    state.reserveId('workspace', ws.id);
  }
  for (const p of one(bodies.project, 'project')) {
    const project = projectFromApi(p, state.nowIso());
    state.projects.set(project.id, project);
    state.reserveId('project', project.id);
  }
  for (const m of [...one(bodies.model, 'model'), ...one(bodies.versions, 'model')]) {
    const model = modelFromApi(m);
    state.models.set(model.id, model);
    state.reserveId('model', model.id);
  }
  const versionsModel = one(bodies.versions, 'model')[0];
  for (const v of list(bodies.versions, 'modelVersions')) {
    const modelId = Number((v.model as JsonObject | undefined)?.id ?? versionsModel?.id ?? 0);
    if (typeof v.checkpoint === 'object' && v.checkpoint !== null)
      addCheckpoint(state, v.checkpoint as JsonObject);
    const version = modelVersionFromApi(v, modelId);
    state.modelVersions.set(version.id, version);
    state.reserveId('modelVersion', version.id);
  }
  for (const pool of one(bodies.pool, 'resourcePool')) {
    const merged = { ...defaultResourcePool(String(pool.name ?? 'default')), ...pool };
    state.resourcePools.set(String(merged.name), merged);
  }
}

async function loadLogs(state: MockState, dir: string): Promise<void> {
  const file = path.join(dir, 'trial_logs.json');
  if (!existsSync(file)) return;
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (line.trim() === '') continue;
    const result = (JSON.parse(line) as { result?: TrialLogRecord }).result;
    if (result) state.logs.insert(result);
  }
}

/**
 * Preloads the recorded master bodies found in `dir` (experiments.json, experiment.json,
 * experiment_trials.json, trial.json, checkpoints.json, checkpoint.json, model.json,
 * model_versions.json, workspace.json, project.json, resource_pool.json, trial_logs.json;
 * missing files are skipped). Later files win for the same id (experiment.json over
 * experiments.json). Seeded records keep their recorded aggregates and checkpoint storage
 * config, are not simulated, and their checkpoints get sparse files of the recorded sizes so
 * master downloads work.
 */
export async function loadFixtures(state: MockState, dir: string): Promise<void> {
  const names = {
    experiments: 'experiments.json',
    experiment: 'experiment.json',
    trials: 'experiment_trials.json',
    trial: 'trial.json',
    checkpoints: 'checkpoints.json',
    checkpoint: 'checkpoint.json',
    model: 'model.json',
    versions: 'model_versions.json',
    workspace: 'workspace.json',
    project: 'project.json',
    pool: 'resource_pool.json',
  } as const;
  const bodies: Record<string, JsonObject | null> = {};
  for (const [key, file] of Object.entries(names)) bodies[key] = await readJson(dir, file);
  loadEntities(state, bodies);
  await loadLogs(state, dir);
}
