import type { AgentUserGroup } from '../auth/user-store';
import { ROOT_IDENTITY } from './command-output';
import type { TaskIdentity } from './task-shell';
import type { Wire } from './types';

/**
 * The identity a task runs as, merged as the master merges it: the owner's linked agent user
 * and group (root when none is linked), each field overridden by the workspace's agent user
 * group where the workspace sets it.
 */
export function taskIdentity(sources: {
  user: AgentUserGroup | null | undefined;
  workspace: Wire['v1AgentUserGroup'] | null | undefined;
}): TaskIdentity {
  const u = sources.user;
  const linked =
    u && u.agentUid !== undefined && u.agentGid !== undefined && u.agentUser && u.agentGroup
      ? { uid: u.agentUid, gid: u.agentGid, user: u.agentUser, group: u.agentGroup }
      : ROOT_IDENTITY;
  const w = sources.workspace ?? {};
  return {
    uid: typeof w.agentUid === 'number' ? w.agentUid : linked.uid,
    gid: typeof w.agentGid === 'number' ? w.agentGid : linked.gid,
    user: typeof w.agentUser === 'string' && w.agentUser !== '' ? w.agentUser : linked.user,
    group: typeof w.agentGroup === 'string' && w.agentGroup !== '' ? w.agentGroup : linked.group,
  };
}
