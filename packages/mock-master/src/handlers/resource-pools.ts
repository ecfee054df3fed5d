import { GrpcCode, MockHttpError, notFound } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import type { MockState } from '../state/mock-state';
import type { JsonObject } from '../state/records';
import { pageOf } from './paging';
import { body, ok, pathStr, qBool } from './util';

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
    const pool = state.resourcePools.get(name);
    // The master refuses with a plain error, which its gateway answers as Internal.
    if (mode !== 'remove' && (pool?.defaultComputePool === true || pool?.defaultAuxPool === true)) {
      throw new MockHttpError(
        500,
        GrpcCode.Internal,
        `default resource pool ${name} cannot be bound to any workspace`,
      );
    }
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

/** Resource pool and workspace-binding handlers. */
export const resourcePoolHandlers: Readonly<Record<string, Handler>> = {
  GetResourcePools: (req, { state }) => {
    const unbound = qBool(req, 'unbound');
    const pools = [...state.resourcePools.entries()]
      .filter(([name]) => !unbound || (state.poolBindings.get(name)?.size ?? 0) === 0)
      .map(([, pool]) => structuredClone(pool));
    const { page, pagination } = pageOf(pools, req);
    return ok({ resourcePools: page, pagination });
  },
  ListWorkspacesBoundToRP: (req, { state }) => {
    const name = pathStr(req, 'resourcePoolName');
    if (!state.resourcePools.has(name)) throw notFound(`resource pool "${name}" not found`);
    const ids = [...(state.poolBindings.get(name) ?? [])].sort((a, b) => a - b);
    const { page, pagination } = pageOf(ids, req);
    return ok({ workspaceIds: page, pagination });
  },
  BindRPToWorkspace: bindings('add'),
  UnbindRPFromWorkspace: bindings('remove'),
  OverwriteRPWorkspaceBindings: bindings('replace'),
};
