import { modelDefinitionTgz } from '../archive';
import type { Wire } from '../cluster/types';
import { invalidArgument } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import { parseConfigText } from '../state/experiment-config';
import type { MockState } from '../state/mock-state';
import { reply } from './cluster-util';
import {
  type AnyTask,
  allocationSummaries,
  findAllocation,
  findTask,
  renderAllocation,
  renderTask,
} from './task-view';
import { body, ok, pathStr, userOf } from './util';

function acceleratorData(state: MockState, t: AnyTask): Wire['v1AcceleratorData'][] {
  const a = renderAllocation(state, t);
  const slots = state.cluster.agents.slotsOf(a.allocationId);
  const derived: Wire['v1AcceleratorData'][] = state.cluster.agents.agentsOf(a.allocationId).map((agent) => {
    const mine = slots.filter((s) => s.agentId === agent.id);
    const type = mine[0]?.device.type ?? 'TYPE_CPU';
    return {
      containerId: t.kind === 'task' ? t.task.containerId : `trial-${t.trial.id}-container`,
      allocationId: a.allocationId,
      nodeName: agent.id,
      taskId: a.taskId,
      acceleratorType: type === 'TYPE_CUDA' ? 'cuda' : type === 'TYPE_ROCM' ? 'rocm' : 'cpu',
      acceleratorUuids: mine.map((s) => s.device.uuid ?? '').filter((u) => u !== ''),
      resourcePool: agent.resourcePool,
    };
  });
  return [...derived, ...(state.cluster.acceleratorData.get(a.taskId) ?? [])];
}

function gather(req: MockRequest, state: MockState): Wire['v1AllocationAllGatherResponse'] {
  findAllocation(state, pathStr(req, 'allocationId'));
  const b = body(req);
  const numPeers = typeof b.numPeers === 'number' ? b.numPeers : 1;
  if (numPeers > 1)
    throw invalidArgument(
      `the mock master runs single-container allocations; numPeers ${numPeers} would never complete`,
    );
  return { data: [(b.data ?? {}) as Record<string, unknown>] };
}

function allocationAck(req: MockRequest, state: MockState) {
  findAllocation(state, pathStr(req, 'allocationId'));
  return ok({});
}

function genericTask(req: MockRequest, state: MockState) {
  const t = findTask(state, pathStr(req, 'taskId'));
  if (t.kind !== 'task' || t.task.kind !== 'generic')
    throw invalidArgument(`task ${pathStr(req, 'taskId')} is not a generic task`);
  return t.task;
}

/** Tasks, allocations (including the harness's internal allocation calls) and generic tasks. */
export const taskHandlers: Readonly<Record<string, Handler>> = {
  GetTasks: (_req, { state }) => {
    const summaries = Object.fromEntries(allocationSummaries(state).map((s) => [s.allocationId ?? '', s]));
    return reply('v1GetTasksResponse', { allocationIdToSummary: summaries });
  },
  GetTask: (req, { state }) =>
    reply('v1GetTaskResponse', { task: renderTask(state, findTask(state, pathStr(req, 'taskId'))) }),
  GetActiveTasksCount: (_req, { state }) => {
    state.sync();
    const count = (kind: 'command' | 'notebook' | 'shell' | 'tensorboard') =>
      state.cluster.tasksOf(kind).filter((t) => state.cluster.isActive(t)).length;
    return reply('v1GetActiveTasksCountResponse', {
      commands: count('command'),
      notebooks: count('notebook'),
      shells: count('shell'),
      tensorboards: count('tensorboard'),
    });
  },
  GetTaskContextDirectory: (req, { state }) => {
    const t = findTask(state, pathStr(req, 'taskId'));
    return ok({ b64Tgz: t.kind === 'task' ? t.task.contextTgz : '' });
  },
  GetAllocation: (req, { state }) =>
    reply('v1GetAllocationResponse', {
      allocation: renderAllocation(state, findAllocation(state, pathStr(req, 'allocationId'))),
    }),
  GetTaskAcceleratorData: (req, { state }) =>
    reply('v1GetTaskAcceleratorDataResponse', {
      acceleratorData: acceleratorData(state, findTask(state, pathStr(req, 'taskId'))),
    }),
  PostAllocationAcceleratorData: (req, { state }) => {
    const t = findAllocation(state, pathStr(req, 'allocationId'));
    const taskId = renderAllocation(state, t).taskId;
    const data = body(req).acceleratorData as Wire['v1AcceleratorData'];
    const list = state.cluster.acceleratorData.get(taskId) ?? [];
    list.push({ ...data, allocationId: pathStr(req, 'allocationId'), taskId });
    state.cluster.acceleratorData.set(taskId, list);
    return ok({});
  },
  AllocationReady: (req, { state }) => {
    const t = findAllocation(state, pathStr(req, 'allocationId'));
    if (t.kind === 'task') t.task.isReady = true;
    return ok({});
  },
  AllocationWaiting: (req, { state }) => allocationAck(req, state),
  AllocationAllGather: (req, { state }) => ok(gather(req, state)),
  NotifyContainerRunning: (req, { state }) => ok(gather(req, state)),
  PostAllocationProxyAddress: (req, { state }) => {
    const t = findAllocation(state, pathStr(req, 'allocationId'));
    if (t.kind === 'task') t.task.proxyAddress = String(body(req).proxyAddress ?? '');
    return ok({});
  },
  MarkAllocationResourcesDaemon: (req, { state }) => allocationAck(req, state),
  AllocationRendezvousInfo: (req, { state }) => {
    const a = renderAllocation(state, findAllocation(state, pathStr(req, 'allocationId')));
    const agent = state.cluster.agents.agentsOf(a.allocationId)[0];
    return ok({
      rendezvousInfo: {
        addresses: [`${agent?.addresses[0] ?? '127.0.0.1'}:1734`],
        rank: 0,
        slots: [a.slots],
      },
    });
  },
  AckAllocationPreemptionSignal: (req, { state }) => allocationAck(req, state),
  AllocationPendingPreemptionSignal: (req, { state }) => allocationAck(req, state),
  AllocationPreemptionSignal: (req, { state }) => {
    const t = findAllocation(state, pathStr(req, 'allocationId'));
    const stopping =
      t.kind === 'task'
        ? t.task.killMs !== null
        : t.trial.state.startsWith('STATE_STOPPING') || t.trial.state === 'STATE_PAUSED';
    return ok({ preempt: stopping });
  },
  CreateGenericTask: async (req, { state }) => {
    const b = body(req);
    const configText = String(b.config ?? '');
    const config = parseConfigText(configText);
    const projectId = typeof b.projectId === 'number' && b.projectId > 0 ? b.projectId : 1;
    const project = state.project(projectId);
    const parentId = typeof b.parentId === 'string' && b.parentId !== '' ? b.parentId : null;
    const parent = parentId === null ? null : genericParent(state, parentId);
    const files = (Array.isArray(b.contextDirectory) ? b.contextDirectory : []) as Wire['v1File'][];
    const inherited = b.inheritContext === true && parent !== null ? parent.contextTgz : '';
    const user = userOf(req);
    const { task, warnings } = state.cluster.launch({
      kind: 'generic',
      config,
      owner: { id: user.id, username: user.username, displayName: user.displayName },
      workspaceId: project.workspaceId,
      contextTgz: files.length > 0 ? (await modelDefinitionTgz(files)).toString('base64') : inherited,
      configText,
      parentId,
      forkedFrom: typeof b.forkedFrom === 'string' && b.forkedFrom !== '' ? b.forkedFrom : null,
      noPause: b.noPause === true,
    });
    return ok({ taskId: task.taskId, warnings });
  },
  GetGenericTaskConfig: (req, { state }) => ok({ config: genericTask(req, state).configText }),
  KillGenericTask: (req, { state }) => {
    const task = genericTask(req, state);
    const root = body(req).killFromRoot === true ? rootOf(state, task.taskId) : task.taskId;
    for (const t of state.cluster.tasksOf('generic'))
      if (t.taskId === root || descendsFrom(state, t.taskId, root)) state.cluster.kill(t);
    return ok({});
  },
  PauseGenericTask: (req, { state }) => {
    state.cluster.setPaused(genericTask(req, state), true);
    return ok({});
  },
  UnpauseGenericTask: (req, { state }) => {
    state.cluster.setPaused(genericTask(req, state), false);
    return ok({});
  },
};

function genericParent(state: MockState, taskId: string) {
  const t = findTask(state, taskId);
  if (t.kind !== 'task') throw invalidArgument(`parent ${taskId} is not a generic task`);
  return t.task;
}

function rootOf(state: MockState, taskId: string): string {
  let current = state.cluster.tasks.get(taskId);
  while (current?.parentId) {
    const parent = state.cluster.tasks.get(current.parentId);
    if (!parent) break;
    current = parent;
  }
  return current?.taskId ?? taskId;
}

function descendsFrom(state: MockState, taskId: string, ancestor: string): boolean {
  let parentId = state.cluster.tasks.get(taskId)?.parentId ?? null;
  while (parentId !== null) {
    if (parentId === ancestor) return true;
    parentId = state.cluster.tasks.get(parentId)?.parentId ?? null;
  }
  return false;
}
