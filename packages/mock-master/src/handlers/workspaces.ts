import { alreadyExists, failedPrecondition, invalidArgument } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import { newProject, newWorkspace } from '../state/defaults';
import type { MockState } from '../state/mock-state';
import type { JsonObject } from '../state/records';
import { renderProject } from '../state/render';
import { dbOrder } from './db-order';
import { isDesc, pageOf } from './paging';
import { body, ok, pathInt, qBool, qIntList, qList, qStr, userOf } from './util';
import { isPinned, renderWorkspaceFor, setPinned } from './workspace-pins';
import {
  changeableWorkspace,
  ownerOrAdmin,
  plainError,
  uniqueWorkspaceName,
  validateWorkspaceName,
} from './workspace-rules';

function sameName(a: string, b: string | undefined): boolean {
  return b === undefined || a.toLowerCase() === b.toLowerCase();
}

function listWorkspaces(state: MockState, req: MockRequest): JsonObject {
  const sortBy = qStr(req, 'sortBy') ?? 'SORT_BY_UNSPECIFIED';
  if (!['SORT_BY_UNSPECIFIED', 'SORT_BY_ID', 'SORT_BY_NAME'].includes(sortBy))
    throw invalidArgument(`unsupported sortBy ${sortBy}`);
  const users = new Set(qList(req, 'users'));
  const userIds = new Set(qIntList(req, 'userIds'));
  const archived = qBool(req, 'archived');
  const pinned = qBool(req, 'pinned');
  const user = userOf(req);
  const exact = qStr(req, 'nameCaseSensitive');
  const list = [...state.workspaces.values()].filter(
    (w) =>
      sameName(w.name, qStr(req, 'name')) &&
      (exact === undefined || w.name === exact) &&
      (archived === undefined || w.archived === archived) &&
      (pinned === undefined || isPinned(state, w, user.id) === pinned) &&
      (users.size === 0 || users.has(w.username)) &&
      (userIds.size === 0 || userIds.has(w.userId)),
  );
  const sorted = dbOrder(list, (w) => (sortBy === 'SORT_BY_NAME' ? w.name : w.id), {
    desc: isDesc(qStr(req, 'orderBy')),
  });
  const { page, pagination } = pageOf(sorted, req);
  return { workspaces: page.map((w) => renderWorkspaceFor(state, w, user.id)), pagination };
}

const PROJECT_KEYS: Readonly<Record<string, (p: JsonObject) => string | number | undefined>> = {
  SORT_BY_UNSPECIFIED: (p) => p.id as number,
  SORT_BY_ID: (p) => p.id as number,
  SORT_BY_CREATION_TIME: (p) => p.id as number,
  SORT_BY_LAST_EXPERIMENT_START_TIME: (p) => p.lastExperimentStartedAt as string | undefined,
  SORT_BY_NAME: (p) => p.name as string,
  SORT_BY_DESCRIPTION: (p) => p.description as string,
};

function listProjects(state: MockState, req: MockRequest, workspaceId: number): JsonObject {
  const key = PROJECT_KEYS[qStr(req, 'sortBy') ?? 'SORT_BY_UNSPECIFIED'];
  if (!key) throw invalidArgument(`unsupported sortBy ${qStr(req, 'sortBy')}`);
  const users = new Set(qList(req, 'users'));
  const userIds = new Set(qIntList(req, 'userIds'));
  const archived = qBool(req, 'archived');
  const list = [...state.projects.values()]
    .filter(
      (p) =>
        p.workspaceId === workspaceId &&
        sameName(p.name, qStr(req, 'name')) &&
        (archived === undefined || p.archived === archived) &&
        (users.size === 0 || users.has(p.username)) &&
        (userIds.size === 0 || userIds.has(p.userId)),
    )
    .map((p) => renderProject(state, p));
  const sorted = dbOrder(list, key, { desc: isDesc(qStr(req, 'orderBy')) });
  const { page, pagination } = pageOf(sorted, req);
  return { projects: page, pagination };
}

/** Deletes the experiments of projects (asynchronously); true when there were none. */
export function deleteProjectExperiments(state: MockState, projectIds: ReadonlySet<number>): boolean {
  const exps = [...state.experiments.values()].filter((e) => projectIds.has(e.projectId));
  for (const e of exps) if (e.state !== 'STATE_DELETING') state.requestDelete(e.id);
  return exps.length === 0;
}

/** Workspace handlers. */
export const workspaceHandlers: Readonly<Record<string, Handler>> = {
  GetWorkspaces: (req, { state }) => ok(listWorkspaces(state, req)),
  GetWorkspace: (req, { state }) =>
    ok({ workspace: renderWorkspaceFor(state, state.workspace(pathInt(req, 'id')), userOf(req).id) }),
  PostWorkspace: (req, { state }) => {
    const b = body(req);
    const name = typeof b.name === 'string' ? b.name : '';
    validateWorkspaceName(name);
    uniqueWorkspaceName(state, name);
    const user = userOf(req);
    const ws = newWorkspace({
      id: state.nextId('workspace'),
      name,
      username: user.username,
      userId: user.id,
      defaultComputePool: typeof b.defaultComputePool === 'string' ? b.defaultComputePool : '',
      defaultAuxPool: typeof b.defaultAuxPool === 'string' ? b.defaultAuxPool : '',
      checkpointStorageConfig: (b.checkpointStorageConfig as JsonObject | undefined) ?? null,
      agentUserGroup: (b.agentUserGroup as JsonObject | undefined) ?? null,
    });
    state.workspaces.set(ws.id, ws);
    // The master pins a new workspace for its creator.
    setPinned(state, ws, user.id, true);
    return ok({ workspace: renderWorkspaceFor(state, ws, user.id), namespaceBindings: {} });
  },
  DeleteWorkspace: (req, { state }) => {
    const ws = state.workspace(pathInt(req, 'id'));
    ownerOrAdmin(userOf(req), ws, "only admins may delete other user's workspaces");
    if ([...state.models.values()].some((m) => m.workspaceId === ws.id))
      throw failedPrecondition(`workspace (${ws.id}) contains models; move or delete models first`);
    if (ws.immutable)
      throw plainError(`workspace (${ws.id}) does not exist or not deletable by this user: not found`);
    // As the master, a deleted workspace takes its notebooks, shells, commands and tensorboards
    // and its templates with it.
    for (const task of state.cluster.tasksOf()) {
      if (task.workspaceId === ws.id && task.kind !== 'generic') state.cluster.kill(task, { force: true });
    }
    state.cluster.templates.deleteInWorkspace(ws.id);
    const projects = new Set(
      [...state.projects.values()].filter((p) => p.workspaceId === ws.id).map((p) => p.id),
    );
    const completed = deleteProjectExperiments(state, projects);
    for (const id of projects) state.projects.delete(id);
    state.workspaces.delete(ws.id);
    for (const set of state.poolBindings.values()) set.delete(ws.id);
    return ok({ completed });
  },
  GetWorkspaceProjects: (req, { state }) =>
    ok(listProjects(state, req, state.workspace(pathInt(req, 'id')).id)),
  PostProject: (req, { state }) => {
    const ws = changeableWorkspace(state, pathInt(req, 'workspaceId'));
    const b = body(req);
    const name = typeof b.name === 'string' ? b.name.trim() : '';
    if (name === '') throw invalidArgument('project name must not be empty');
    if ([...state.projects.values()].some((p) => p.workspaceId === ws.id && p.name === name))
      throw alreadyExists(`project "${name}" already exists in workspace ${ws.id}`);
    const user = userOf(req);
    const id = state.nextId('project');
    const project = newProject({
      id,
      name,
      workspaceId: ws.id,
      username: user.username,
      userId: user.id,
      creationTime: state.nowIso(),
      description: typeof b.description === 'string' ? b.description : '',
      ...(typeof b.key === 'string' && b.key !== '' ? { key: b.key } : {}),
    });
    state.projects.set(id, project);
    return ok({ project: renderProject(state, project) });
  },
  ListRPsBoundToWorkspace: (req, { state }) => {
    const ws = state.workspace(pathInt(req, 'workspaceId'));
    const names = [...state.resourcePools.keys()].filter((n) => {
      const bound = state.poolBindings.get(n);
      return bound === undefined || bound.size === 0 || bound.has(ws.id);
    });
    const { page, pagination } = pageOf(names, req);
    return ok({ resourcePools: page, pagination });
  },
};
