import type { Wire } from '../cluster/types';
import { GrpcCode, invalidArgument, MockHttpError, notFound, permissionDenied } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import type { MockState } from '../state/mock-state';
import type { JsonObject, WorkspaceRecord } from '../state/records';
import { body, ok, pathInt, userOf } from './util';
import { renderWorkspaceFor, setPinned } from './workspace-pins';
import {
  changeableWorkspace,
  ownerOrAdmin,
  plainError,
  uniqueWorkspaceName,
  validateWorkspaceName,
} from './workspace-rules';

function ownedOrAdmin(req: MockRequest, ws: WorkspaceRecord, message: string): void {
  ownerOrAdmin(userOf(req), ws, message);
}

function adminOnly(req: MockRequest, message: string): void {
  if (!userOf(req).admin) throw permissionDenied(message);
}

// The master archives with `UPDATE ... WHERE NOT immutable RETURNING id`: archiving twice is
// fine, an immutable workspace finds no row.
function archive(archived: boolean): Handler {
  return (req, { state }) => {
    const ws = state.workspace(pathInt(req, 'id'));
    const verb = archived ? 'archive' : 'unarchive';
    ownedOrAdmin(req, ws, `only admins may ${verb} other user's workspaces`);
    if (ws.immutable)
      throw plainError(`error ${archived ? 'archiving' : 'unarchiving'} workspace (${ws.id}): not found`);
    ws.archived = archived;
    return ok({});
  };
}

function pin(pinned: boolean): Handler {
  return (req, { state }) => {
    setPinned(state, state.workspace(pathInt(req, 'id')), userOf(req).id, pinned);
    return ok({});
  };
}

function pool(state: MockState, name: string | null | undefined): string | null {
  if (name === undefined || name === null) return null;
  if (name !== '' && !state.resourcePools.has(name))
    throw invalidArgument(`resource pool ${name} does not exist`);
  return name;
}

// Namespace bindings need a Kubernetes resource manager; the mock's agent RM answers as the
// master's agent RM does (`rm/agentrm`: DefaultNamespace and CreateNamespace are not supported).
function bindNamespaces(meta: Record<string, Wire['v1WorkspaceNamespaceMeta']>): void {
  for (const m of Object.values(meta)) {
    if (m.autoCreateNamespace || m.autoCreateNamespaceAllClusters)
      throw new MockHttpError(
        500,
        GrpcCode.Internal,
        'cannot create a namespace with resource manager type AgentRM: operation not supported',
      );
    if (!m.namespace)
      throw new MockHttpError(
        500,
        GrpcCode.Internal,
        'must specify either an existing namespace or indicate that you would like a namespace to be auto-created',
      );
    throw notFound('operation not supported');
  }
}

/** Workspace patch, archive, pin and the Kubernetes namespace bindings and quotas (agent RM: none). */
export const workspaceExtraHandlers: Readonly<Record<string, Handler>> = {
  PatchWorkspace: (req, { state }) => {
    const ws = changeableWorkspace(state, pathInt(req, 'id'));
    const b = body(req) as Wire['v1PatchWorkspace'];
    if (typeof b.name === 'string') validateWorkspaceName(b.name);
    if (typeof b.name === 'string' && b.name !== ws.name) {
      ownedOrAdmin(req, ws, "only admins may set other user's workspaces names");
      uniqueWorkspaceName(state, b.name, ws.id);
      ws.name = b.name;
    }
    if (b.agentUserGroup !== undefined && b.agentUserGroup !== null) {
      adminOnly(req, 'only admin privileged users can set workspace agent user groups');
      ws.agentUserGroup = b.agentUserGroup as JsonObject;
    }
    if (b.checkpointStorageConfig !== undefined && b.checkpointStorageConfig !== null)
      ws.checkpointStorageConfig = b.checkpointStorageConfig as JsonObject;
    const compute = pool(state, b.defaultComputePool ?? b.defaultComputeResourcePool);
    if (compute !== null) ws.defaultComputePool = compute;
    const aux = pool(state, b.defaultAuxPool ?? b.defaultAuxResourcePool);
    if (aux !== null) ws.defaultAuxPool = aux;
    if (b.clusterNamespaceMeta) bindNamespaces(b.clusterNamespaceMeta);
    return ok({ workspace: renderWorkspaceFor(state, ws, userOf(req).id), namespaceBindings: {} });
  },
  ArchiveWorkspace: archive(true),
  UnarchiveWorkspace: archive(false),
  PinWorkspace: pin(true),
  UnpinWorkspace: pin(false),
  ListWorkspaceNamespaceBindings: (req, { state }) => {
    state.workspace(pathInt(req, 'id'));
    return ok({ namespaceBindings: {} });
  },
  SetWorkspaceNamespaceBindings: (req, { state }) => {
    state.workspace(pathInt(req, 'workspaceId'));
    adminOnly(req, 'only admins may set workspace bindings');
    bindNamespaces(
      (body(req).clusterNamespaceMeta ?? {}) as Record<string, Wire['v1WorkspaceNamespaceMeta']>,
    );
    return ok({ namespaceBindings: {} });
  },
  DeleteWorkspaceNamespaceBindings: (req, { state }) => {
    state.workspace(pathInt(req, 'workspaceId'));
    adminOnly(req, 'only admins may set workspace bindings');
    return ok({});
  },
  GetKubernetesResourceQuotas: (req, { state }) => {
    state.workspace(pathInt(req, 'id'));
    return ok({ resourceQuotas: {} });
  },
  SetResourceQuotas: (req, { state }) => {
    state.workspace(pathInt(req, 'id'));
    adminOnly(req, 'only admins may set resource quotas');
    if (Object.keys((body(req).clusterQuotaPairs ?? {}) as JsonObject).length > 0)
      throw notFound('operation not supported');
    return ok({});
  },
  GetWorkspacesWithDefaultNamespaceBindings: (_req, { state }) =>
    ok({ workspaceIds: [...state.workspaces.keys()].sort((a, b) => a - b) }),
  BulkAutoCreateWorkspaceNamespaceBindings: (req, { state }) => {
    for (const id of (body(req).workspaceIds ?? []) as number[]) state.workspace(id);
    return ok({});
  },
};
