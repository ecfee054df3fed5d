import type { Wire } from '../cluster/types';
import type { MockState } from '../state/mock-state';
import type { WorkspaceRecord } from '../state/records';
import { renderWorkspace } from '../state/render';

/** Each user's own pin choices (workspace id → user id → pinned at, or null once unpinned). */
const choices = new WeakMap<MockState, Map<number, Map<number, string | null>>>();

function of(state: MockState, workspaceId: number): Map<number, string | null> {
  let byState = choices.get(state);
  if (!byState) {
    byState = new Map();
    choices.set(state, byState);
  }
  let byUser = byState.get(workspaceId);
  if (!byUser) {
    byUser = new Map();
    byState.set(workspaceId, byUser);
  }
  return byUser;
}

/**
 * Whether a user has pinned a workspace. Pins are per user, as the master's `workspace_pins`;
 * a workspace seeded as pinned counts as pinned for users who have not chosen otherwise.
 */
export function isPinned(state: MockState, ws: WorkspaceRecord, userId: number): boolean {
  const choice = of(state, ws.id).get(userId);
  return choice === undefined ? ws.pinned : choice !== null;
}

/** Pins or unpins a workspace for one user. */
export function setPinned(state: MockState, ws: WorkspaceRecord, userId: number, pinned: boolean): void {
  of(state, ws.id).set(userId, pinned ? state.nowIso() : null);
}

/** A workspace as `v1Workspace` seen by one user (their own pin). */
export function renderWorkspaceFor(
  state: MockState,
  ws: WorkspaceRecord,
  userId: number,
): Wire['v1Workspace'] {
  const pinnedAt = of(state, ws.id).get(userId);
  return {
    ...renderWorkspace(state, ws),
    pinned: isPinned(state, ws, userId),
    ...(typeof pinnedAt === 'string' ? { pinnedAt } : {}),
  };
}
