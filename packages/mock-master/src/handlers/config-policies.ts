import { notFound } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import type { MockState } from '../state/mock-state';
import { requireAdmin } from './cluster-util';
import { body, ok, pathInt, pathStr, userOf } from './util';

function workspaceFor(req: MockRequest, state: MockState, { modify }: { modify: boolean }): number {
  const id = pathInt(req, 'workspaceId');
  const ws = state.workspaces.get(id);
  if (!ws) throw notFound(`workspace (${id}) not found`);
  if (modify && !userOf(req).admin && ws.userId !== userOf(req).id) requireAdmin(req);
  return id;
}

function policiesText(req: MockRequest): string {
  return String(body(req).configPolicies ?? '');
}

/** Task config policies (global and per workspace; OSS 0.38.1 has them, licence checks are no-ops). */
export const configPolicyHandlers: Readonly<Record<string, Handler>> = {
  GetGlobalConfigPolicies: (req, { state }) =>
    ok({ configPolicies: state.cluster.configPolicies.get(null, pathStr(req, 'workloadType')) }),
  PutGlobalConfigPolicies: (req, { state }) => {
    requireAdmin(req);
    const stored = state.cluster.configPolicies.put(null, pathStr(req, 'workloadType'), policiesText(req));
    return ok({ configPolicies: stored });
  },
  DeleteGlobalConfigPolicies: (req, { state }) => {
    requireAdmin(req);
    state.cluster.configPolicies.delete(null, pathStr(req, 'workloadType'));
    return ok({});
  },
  GetWorkspaceConfigPolicies: (req, { state }) => {
    const id = workspaceFor(req, state, { modify: false });
    return ok({ configPolicies: state.cluster.configPolicies.get(id, pathStr(req, 'workloadType')) });
  },
  PutWorkspaceConfigPolicies: (req, { state }) => {
    const id = workspaceFor(req, state, { modify: true });
    const stored = state.cluster.configPolicies.put(id, pathStr(req, 'workloadType'), policiesText(req));
    return ok({ configPolicies: stored });
  },
  DeleteWorkspaceConfigPolicies: (req, { state }) => {
    const id = workspaceFor(req, state, { modify: true });
    state.cluster.configPolicies.delete(id, pathStr(req, 'workloadType'));
    return ok({});
  },
};
