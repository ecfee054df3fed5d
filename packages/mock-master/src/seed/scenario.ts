import type { MockUser } from '../auth/mock-user';
import { type AgentGroup, AgentGroupError, agentSpecs } from '../cluster/agent-groups';
import { defaultResourcePool, newProject, newWorkspace } from '../state/defaults';
import type { MockState } from '../state/mock-state';
import type { ModelRecord } from '../state/records';
import { addScenarioExperiment, ScenarioError } from './scenario-experiments';
import type { ScenarioFile, ScenarioUser } from './scenario-types';

/** The part of the server's UserStore a scenario needs. */
export interface ScenarioUserSink {
  create(input: {
    username: string;
    admin?: boolean;
    active?: boolean;
    remote?: boolean;
    displayName?: string;
    password?: string | null;
  }): MockUser;
}

/** Options of {@link loadScenario}. */
export interface LoadScenarioOptions {
  /** Where to create the scenario's users; without it they are left in `state.scenarioUsers`. */
  users?: ScenarioUserSink;
}

function userTable(scenario: ScenarioFile, sink: ScenarioUserSink | undefined): Map<string, MockUser> {
  const base = { active: true, remote: false, displayName: '' };
  const table = new Map<string, MockUser>([
    ['determined', { id: 1, username: 'determined', admin: false, ...base }],
    ['admin', { id: 2, username: 'admin', admin: true, ...base }],
  ]);
  (scenario.users ?? []).forEach((u: ScenarioUser, i) => {
    const created = sink
      ? sink.create({
          username: u.username,
          admin: u.admin ?? false,
          active: u.active ?? true,
          remote: u.remote ?? false,
          displayName: u.displayName ?? '',
          password: u.password ?? '',
        })
      : {
          id: 3 + i,
          username: u.username,
          admin: u.admin ?? false,
          active: u.active ?? true,
          remote: u.remote ?? false,
          displayName: u.displayName ?? '',
        };
    table.set(u.username, created);
  });
  return table;
}

function lookup<T extends { id: number; name: string }>(
  items: Iterable<T>,
  ref: string | number | undefined,
  what: string,
  fallback: number,
): number {
  if (ref === undefined) return fallback;
  for (const item of items) if (item.id === ref || item.name === ref) return item.id;
  throw new ScenarioError(`${what} ${JSON.stringify(ref)} not found`);
}

function loadOrg(state: MockState, scenario: ScenarioFile, owner: (name?: string) => MockUser): void {
  for (const w of scenario.workspaces ?? []) {
    const u = owner(w.owner);
    const ws = newWorkspace({
      id: w.id ?? state.nextId('workspace'),
      name: w.name,
      username: u.username,
      userId: u.id,
      archived: w.archived ?? false,
      pinned: w.pinned ?? false,
    });
    state.reserveId('workspace', ws.id);
    state.workspaces.set(ws.id, ws);
  }
  for (const p of scenario.projects ?? []) {
    const u = owner(p.owner);
    const id = p.id ?? state.nextId('project');
    state.reserveId('project', id);
    const workspaceId = lookup(state.workspaces.values(), p.workspace, 'workspace', 1);
    const fields = {
      description: p.description ?? '',
      archived: p.archived ?? false,
      notes: p.notes ?? [],
      ...(p.key ? { key: p.key } : {}),
    };
    state.projects.set(
      id,
      newProject({
        id,
        name: p.name,
        workspaceId,
        username: u.username,
        userId: u.id,
        creationTime: state.nowIso(),
        ...fields,
      }),
    );
  }
  for (const pool of scenario.resourcePools ?? [])
    state.resourcePools.set(pool.name, {
      ...defaultResourcePool(pool.name),
      defaultComputePool: false,
      defaultAuxPool: false,
      ...pool,
    });
  for (const [name, config] of Object.entries(scenario.templates ?? {}))
    state.templates.set(name, structuredClone(config));
}

function loadAgents(state: MockState, groups: readonly AgentGroup[]): void {
  for (const g of groups)
    if (!state.resourcePools.has(g.resourcePool ?? 'default'))
      throw new ScenarioError(`agents: resource pool ${JSON.stringify(g.resourcePool)} not found`);
  try {
    const { specs, disabled } = agentSpecs(groups);
    state.cluster.configureAgents(specs);
    for (const agentId of disabled) state.cluster.setEnabled({ agentId }, false, false);
  } catch (error) {
    if (error instanceof AgentGroupError) throw new ScenarioError(error.message);
    throw error;
  }
}

function loadModels(state: MockState, scenario: ScenarioFile, owner: (name?: string) => MockUser): void {
  for (const m of scenario.models ?? []) {
    const u = owner(m.owner);
    const now = state.nowIso();
    const model: ModelRecord = {
      id: m.id ?? state.nextId('model'),
      name: m.name,
      description: m.description ?? '',
      metadata: m.metadata ?? {},
      creationTime: now,
      lastUpdatedTime: now,
      labels: m.labels ?? [],
      username: u.username,
      userId: u.id,
      workspaceId: lookup(state.workspaces.values(), m.workspace, 'workspace', 1),
      archived: m.archived ?? false,
      notes: m.notes ?? '',
      extra: {},
    };
    state.reserveId('model', model.id);
    state.models.set(model.id, model);
    (m.versions ?? []).forEach((v, i) => {
      if (!state.checkpoints.has(v.checkpoint))
        throw new ScenarioError(`model ${m.name}: checkpoint ${v.checkpoint} not found`);
      const id = state.nextId('modelVersion');
      state.modelVersions.set(id, {
        id,
        modelId: model.id,
        version: i + 1,
        checkpointUuid: v.checkpoint,
        creationTime: now,
        lastUpdatedTime: now,
        name: v.name ?? '',
        metadata: v.metadata ?? {},
        comment: v.comment ?? '',
        username: u.username,
        userId: u.id,
        labels: v.labels ?? [],
        notes: v.notes ?? '',
        extra: {},
      });
    });
  }
}

/**
 * Preloads a {@link ScenarioFile}: users, workspaces, projects, pools and templates first, then
 * experiments (with their trials, metrics, checkpoint files and logs), then models.
 */
export async function loadScenario(
  state: MockState,
  scenario: ScenarioFile,
  options: LoadScenarioOptions = {},
): Promise<void> {
  const users = userTable(scenario, options.users);
  if (!options.users) state.scenarioUsers.push(...(scenario.users ?? []));
  const owner = (name?: string): MockUser => {
    const u = users.get(name ?? 'determined');
    if (!u) throw new ScenarioError(`user ${JSON.stringify(name)} not found`);
    return u;
  };
  loadOrg(state, scenario, owner);
  if (scenario.agents !== undefined) loadAgents(state, scenario.agents);
  for (const e of scenario.experiments ?? []) {
    const projectId = lookup(state.projects.values(), e.project, 'project', 1);
    addScenarioExperiment(state, e, owner(e.owner), projectId);
  }
  loadModels(state, scenario, owner);
}
