import type { MockUser } from '../auth/mock-user';
import { alreadyExists, GrpcCode, invalidArgument, MockHttpError, permissionDenied } from '../errors';
import type { MockState } from '../state/mock-state';
import type { ProjectRecord, WorkspaceRecord } from '../state/records';

/**
 * An error the master returns without a gRPC status (a plain Go error): code Unknown, which
 * reaches the client as Internal, HTTP 500.
 */
export function plainError(message: string): MockHttpError {
  return new MockHttpError(500, GrpcCode.Unknown, message);
}

/** A workspace that may take changes and new projects: not immutable, not archived (master's `GetWorkspaceByID(..., rejectImmutable)`). */
export function changeableWorkspace(state: MockState, id: number): WorkspaceRecord {
  const ws = state.workspace(id);
  if (ws.immutable) throw plainError(`workspace (${ws.id}) is immutable and cannot add new projects`);
  if (ws.archived) throw plainError(`workspace (${ws.id}) is archived and cannot add new projects`);
  return ws;
}

/** The master's check of a workspace name (on create and rename). */
export function validateWorkspaceName(name: string): void {
  if (name.length < 1) throw invalidArgument(`name '${name}' must be at least 1 character long`);
  if (name.length > 53) throw invalidArgument(`name '${name}' must be at most 53 character long`);
  if (name.trim() === '') throw invalidArgument('name must contain at least non-whitespace letter');
}

/** Refuses a workspace name another workspace has (case-insensitive), as the master does. */
export function uniqueWorkspaceName(state: MockState, name: string, self?: number): void {
  const clash = [...state.workspaces.values()].some(
    (w) => w.id !== self && w.name.toLowerCase() === name.toLowerCase(),
  );
  if (clash) throw alreadyExists(`avoid names equal to other workspaces (case-insensitive): ${name}`);
}

/** The OSS master's rule for workspace actions: admins, or the workspace's owner. */
export function ownerOrAdmin(user: MockUser, ws: WorkspaceRecord, message: string): void {
  if (!user.admin && user.id !== ws.userId) throw permissionDenied(message);
}

/**
 * The OSS master's rule for project actions (`shouldBeAdminOrOwnWorkspaceOrProject`): admins,
 * the project's owner, or the owner of its workspace.
 */
export function projectOwnerOrAdmin(
  state: MockState,
  user: MockUser,
  project: ProjectRecord,
  action: string,
): void {
  if (user.admin || user.id === project.userId) return;
  if (state.workspaces.get(project.workspaceId)?.userId === user.id) return;
  throw permissionDenied(`${action}: non admin users need to own the project or workspace`);
}

/** Whether a project counts as archived: its own flag or its workspace's. */
export function projectArchived(state: MockState, project: ProjectRecord): boolean {
  return project.archived || state.workspaces.get(project.workspaceId)?.archived === true;
}
