import type { Handler, MockRequest } from '../server/types';
import { alreadyExists, failedPrecondition, invalidArgument, notFound } from '../state/errors';
import type { MockState } from '../state/mock-state';
import type { JsonObject, Note } from '../state/records';
import { renderProject } from '../state/render';
import { paginate } from './paging';
import { body, ok, pathInt, pathStr, qBool, qInt } from './util';
import { deleteProjectExperiments } from './workspaces';

function archiveProject(archived: boolean): Handler {
  return (req, { state }) => {
    const p = state.project(pathInt(req, 'id'));
    if (p.immutable) throw failedPrecondition(`project (${p.id}) is immutable`);
    if (archived && state.workspace(p.workspaceId).archived)
      throw failedPrecondition(`workspace of project (${p.id}) is archived`);
    p.archived = archived;
    return ok({});
  };
}

function notes(v: unknown): Note[] {
  if (!Array.isArray(v)) throw invalidArgument('notes must be a list');
  return v.map((n) => {
    const o = (n ?? {}) as JsonObject;
    return { name: String(o.name ?? ''), contents: String(o.contents ?? '') };
  });
}

function workspaceIdsFor(state: MockState, b: JsonObject): number[] {
  const ids = Array.isArray(b.workspaceIds) ? b.workspaceIds.map(Number) : [];
  for (const id of ids) state.workspace(id);
  const names = Array.isArray(b.workspaceNames) ? b.workspaceNames.map(String) : [];
  for (const name of names) {
    const ws = [...state.workspaces.values()].find((w) => w.name === name);
    if (!ws) throw notFound(`workspace "${name}" not found`);
    ids.push(ws.id);
  }
  return ids;
}

function bindings(mode: 'add' | 'remove' | 'replace'): Handler {
  return (req: MockRequest, { state }) => {
    const name = pathStr(req, 'resourcePoolName');
    if (!state.resourcePools.has(name)) throw notFound(`resource pool "${name}" not found`);
    const ids = workspaceIdsFor(state, body(req));
    const set = mode === 'replace' ? new Set<number>() : (state.poolBindings.get(name) ?? new Set<number>());
    for (const id of ids) {
      if (mode === 'remove') set.delete(id);
      else set.add(id);
    }
    state.poolBindings.set(name, set);
    return ok({});
  };
}

/** Project and resource pool handlers. */
export const projectHandlers: Readonly<Record<string, Handler>> = {
  GetProject: (req, { state }) => ok({ project: renderProject(state, state.project(pathInt(req, 'id'))) }),
  PatchProject: (req, { state }) => {
    const p = state.project(pathInt(req, 'id'));
    const b = body(req);
    if (typeof b.name === 'string') {
      if (b.name.trim() === '') throw invalidArgument('project name must not be empty');
      const clash = [...state.projects.values()].some(
        (o) => o !== p && o.workspaceId === p.workspaceId && o.name === b.name,
      );
      if (clash) throw alreadyExists(`project "${b.name}" already exists`);
      p.name = b.name;
    }
    if (typeof b.description === 'string') p.description = b.description;
    if (typeof b.key === 'string' && b.key !== '') p.key = b.key;
    return ok({ project: renderProject(state, p) });
  },
  DeleteProject: (req, { state }) => {
    const p = state.project(pathInt(req, 'id'));
    if (p.immutable) throw failedPrecondition(`project (${p.id}) is immutable and cannot be deleted`);
    const completed = deleteProjectExperiments(state, new Set([p.id]));
    state.projects.delete(p.id);
    return ok({ completed });
  },
  ArchiveProject: archiveProject(true),
  UnarchiveProject: archiveProject(false),
  PutProjectNotes: (req, { state }) => {
    const p = state.project(pathInt(req, 'projectId'));
    p.notes = notes(body(req).notes);
    return ok({ notes: structuredClone(p.notes) });
  },
  GetResourcePools: (req, { state }) => {
    const unbound = qBool(req, 'unbound');
    const pools = [...state.resourcePools.entries()]
      .filter(([name]) => !unbound || (state.poolBindings.get(name)?.size ?? 0) === 0)
      .map(([, pool]) => structuredClone(pool));
    const { page, pagination } = paginate(pools, qInt(req, 'offset'), qInt(req, 'limit'));
    return ok({ resourcePools: page, pagination });
  },
  ListWorkspacesBoundToRP: (req, { state }) => {
    const name = pathStr(req, 'resourcePoolName');
    if (!state.resourcePools.has(name)) throw notFound(`resource pool "${name}" not found`);
    const ids = [...(state.poolBindings.get(name) ?? [])].sort((a, b) => a - b);
    const { page, pagination } = paginate(ids, qInt(req, 'offset'), qInt(req, 'limit'));
    return ok({ workspaceIds: page, pagination });
  },
  BindRPToWorkspace: bindings('add'),
  UnbindRPFromWorkspace: bindings('remove'),
  OverwriteRPWorkspaceBindings: bindings('replace'),
};
