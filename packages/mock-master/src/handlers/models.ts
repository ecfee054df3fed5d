import { alreadyExists, invalidArgument, notFound, permissionDenied } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import type { MockState } from '../state/mock-state';
import { isJsonObject, type JsonObject, type ModelRecord } from '../state/records';
import { renderModel } from '../state/render';
import { isDesc, pageOf, sortByKey } from './paging';
import { body, ilike, labelList, ok, pathStr, qBool, qInt, qIntList, qList, qStr, userOf } from './util';

/** Finds a model by name, or by numeric id when no model has that name. */
export function resolveModel(state: MockState, identifier: string): ModelRecord {
  for (const m of state.models.values()) if (m.name === identifier) return m;
  if (/^\d+$/.test(identifier)) {
    const byId = state.models.get(Number(identifier));
    if (byId) return byId;
  }
  throw notFound(`model "${identifier}" not found`);
}

function workspaceIdFor(state: MockState, b: JsonObject): number | undefined {
  if (typeof b.workspaceName === 'string' && b.workspaceName !== '') {
    const ws = [...state.workspaces.values()].find((w) => w.name === b.workspaceName);
    if (!ws) throw notFound(`workspace "${b.workspaceName}" not found`);
    return ws.id;
  }
  if (typeof b.workspaceId === 'number' && b.workspaceId > 0) return state.workspace(b.workspaceId).id;
  return undefined;
}

function checkName(state: MockState, name: unknown, self?: ModelRecord): string {
  if (typeof name !== 'string' || name.trim() === '') throw invalidArgument('model name must not be empty');
  const clash = [...state.models.values()].find((m) => m.name === name && m !== self);
  if (clash) throw alreadyExists(`model with name "${name}" already exists`);
  return name;
}

function objectOr(v: unknown, fallback: JsonObject): JsonObject {
  return isJsonObject(v) ? structuredClone(v) : fallback;
}

const MODEL_KEYS: Readonly<Record<string, (m: JsonObject) => string | number>> = {
  SORT_BY_UNSPECIFIED: (m) => m.id as number,
  SORT_BY_NAME: (m) => m.name as string,
  SORT_BY_DESCRIPTION: (m) => m.description as string,
  SORT_BY_CREATION_TIME: (m) => m.creationTime as string,
  SORT_BY_LAST_UPDATED_TIME: (m) => m.lastUpdatedTime as string,
  SORT_BY_NUM_VERSIONS: (m) => m.numVersions as number,
  SORT_BY_WORKSPACE: (m) => m.workspaceId as number,
};

function listModels(state: MockState, req: MockRequest): JsonObject {
  const key = MODEL_KEYS[qStr(req, 'sortBy') ?? 'SORT_BY_UNSPECIFIED'];
  if (!key) throw invalidArgument(`unsupported sortBy ${qStr(req, 'sortBy')}`);
  const labels = qList(req, 'labels');
  const users = new Set(qList(req, 'users'));
  const userIds = new Set(qIntList(req, 'userIds'));
  const wsNames = new Set(qList(req, 'workspaceNames'));
  const wsIds = new Set(qIntList(req, 'workspaceIds'));
  const archived = qBool(req, 'archived');
  const id = qInt(req, 'id');
  const models = [...state.models.values()].filter(
    (m) =>
      ilike(m.name, qStr(req, 'name')) &&
      ilike(m.description, qStr(req, 'description')) &&
      labels.every((l) => m.labels.includes(l)) &&
      (archived === undefined || m.archived === archived) &&
      (users.size === 0 || users.has(m.username)) &&
      (userIds.size === 0 || userIds.has(m.userId)) &&
      (!id || m.id === id) &&
      (wsIds.size === 0 || wsIds.has(m.workspaceId)) &&
      (wsNames.size === 0 || wsNames.has(state.workspaces.get(m.workspaceId)?.name ?? '')),
  );
  const sorted = sortByKey(
    models.map((m) => renderModel(state, m)),
    key,
    isDesc(qStr(req, 'orderBy')),
  );
  const { page, pagination } = pageOf(sorted, req);
  return { models: page, pagination };
}

function patchModel(state: MockState, m: ModelRecord, b: JsonObject): void {
  if (b.name !== undefined && b.name !== null) m.name = checkName(state, b.name, m);
  if (typeof b.description === 'string') m.description = b.description;
  if (typeof b.notes === 'string') m.notes = b.notes;
  if (b.metadata !== undefined && b.metadata !== null) m.metadata = objectOr(b.metadata, {});
  const labels = labelList(b.labels);
  if (labels !== undefined) m.labels = labels;
  const ws = workspaceIdFor(state, b);
  if (ws !== undefined) m.workspaceId = ws;
  m.lastUpdatedTime = state.nowIso();
}

function setArchived(archived: boolean): Handler {
  return (req, { state }) => {
    const m = resolveModel(state, pathStr(req, 'modelName'));
    m.archived = archived;
    m.lastUpdatedTime = state.nowIso();
    return ok({});
  };
}

/** Model registry handlers (versions live in model-versions.ts). */
export const modelHandlers: Readonly<Record<string, Handler>> = {
  PostModel: (req, { state }) => {
    const b = body(req);
    const user = userOf(req);
    const now = state.nowIso();
    const model: ModelRecord = {
      id: state.nextId('model'),
      name: checkName(state, b.name),
      description: typeof b.description === 'string' ? b.description : '',
      metadata: objectOr(b.metadata, {}),
      creationTime: now,
      lastUpdatedTime: now,
      labels: labelList(b.labels) ?? [],
      username: user.username,
      userId: user.id,
      workspaceId: workspaceIdFor(state, b) ?? 1,
      archived: false,
      notes: typeof b.notes === 'string' ? b.notes : '',
      extra: {},
    };
    state.models.set(model.id, model);
    return ok({ model: renderModel(state, model) });
  },
  GetModel: (req, { state }) =>
    ok({ model: renderModel(state, resolveModel(state, pathStr(req, 'modelName'))) }),
  GetModels: (req, { state }) => ok(listModels(state, req)),
  PatchModel: (req, { state }) => {
    const m = resolveModel(state, pathStr(req, 'modelName'));
    patchModel(state, m, body(req));
    return ok({ model: renderModel(state, m) });
  },
  GetModelLabels: (req, { state }) => {
    const ws = qInt(req, 'workspaceId');
    const counts = new Map<string, number>();
    for (const m of state.models.values()) {
      if (ws && m.workspaceId !== ws) continue;
      for (const l of m.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    }
    const labels = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([l]) => l);
    return ok({ labels });
  },
  ArchiveModel: setArchived(true),
  UnarchiveModel: setArchived(false),
  MoveModel: (req, { state }) => {
    const m = resolveModel(state, pathStr(req, 'modelName'));
    m.workspaceId = state.workspace(Number(body(req).destinationWorkspaceId)).id;
    m.lastUpdatedTime = state.nowIso();
    return ok({});
  },
  DeleteModel: (req, { state }) => {
    const m = resolveModel(state, pathStr(req, 'modelName'));
    const user = userOf(req);
    if (!user.admin && user.id !== m.userId)
      throw permissionDenied(`user ${user.username} may not delete model ${m.name}`);
    for (const [id, v] of state.modelVersions) if (v.modelId === m.id) state.modelVersions.delete(id);
    state.models.delete(m.id);
    return ok({});
  },
};
