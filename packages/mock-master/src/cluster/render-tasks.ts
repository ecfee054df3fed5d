import type { ClusterState } from './cluster-state';
import { containerOf } from './render-agents';
import type { TaskRecord } from './task-records';
import type { Wire } from './types';

interface Common {
  id: string;
  description: string;
  state: Wire['taskv1State'];
  startTime: string;
  container: Wire['v1Container'] | null;
  displayName: string;
  userId: number;
  username: string;
  resourcePool: string;
  exitStatus: string;
  jobId: string;
  workspaceId: number;
}

function common(cluster: ClusterState, task: TaskRecord): Common {
  return {
    id: task.taskId,
    description: task.description,
    state: cluster.stateOf(task),
    startTime: new Date(task.launchedMs).toISOString(),
    container: containerOf(cluster, task.allocationId),
    displayName: task.owner.displayName,
    userId: task.owner.id,
    username: task.owner.username,
    resourcePool: task.resourcePool,
    exitStatus: task.exitStatus,
    jobId: task.jobId,
    workspaceId: task.workspaceId,
  };
}

/** A command as `v1Command`. */
export function renderCommand(cluster: ClusterState, task: TaskRecord): Wire['v1Command'] {
  return common(cluster, task);
}

/** A notebook as `v1Notebook` (service address with its session token, like the master). */
export function renderNotebook(cluster: ClusterState, task: TaskRecord): Wire['v1Notebook'] {
  return {
    ...common(cluster, task),
    serviceAddress: `/proxy/${task.taskId}/?token=${task.containerId.slice(0, 32)}`,
  };
}

/** A shell as `v1Shell`. */
export function renderShell(cluster: ClusterState, task: TaskRecord): Wire['v1Shell'] {
  const base = common(cluster, task);
  const running = base.state === 'STATE_RUNNING';
  const agent = task.agentId === null ? undefined : cluster.agents.list().find((a) => a.id === task.agentId);
  const hostIp = agent?.addresses[0] ?? '';
  return {
    ...base,
    privateKey: task.privateKey,
    publicKey: task.publicKey,
    addresses: running
      ? [{ container_ip: '172.17.0.2', container_port: 2222, host_ip: hostIp, host_port: 32768 }]
      : [],
    agentUserGroup: { ...task.identity },
  };
}

/** A tensorboard as `v1Tensorboard`. */
export function renderTensorboard(cluster: ClusterState, task: TaskRecord): Wire['v1Tensorboard'] {
  return {
    ...common(cluster, task),
    serviceAddress: `/proxy/${task.taskId}/`,
    experimentIds: [...task.experimentIds],
    trialIds: [...task.trialIds],
  };
}
