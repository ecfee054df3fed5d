import type { StepFor } from './walk-world';

const alloc = (taskId: string) => `${taskId}.1`;

/** The harness's allocation calls on the launched command, task and queue changes, agents and slots. */
export const CLUSTER_STEPS: readonly StepFor[] = [
  (w) => ({
    op: 'AllocationReady',
    path: { allocationId: alloc(w.commandId) },
    body: { allocationId: alloc(w.commandId) },
  }),
  (w) => ({
    op: 'AllocationWaiting',
    path: { allocationId: alloc(w.commandId) },
    body: { allocationId: alloc(w.commandId) },
  }),
  (w) => ({
    op: 'AllocationAllGather',
    path: { allocationId: alloc(w.commandId) },
    body: { allocationId: alloc(w.commandId), numPeers: 1, data: { rank: 0 } },
  }),
  (w) => ({
    op: 'NotifyContainerRunning',
    path: { allocationId: alloc(w.commandId) },
    body: { allocationId: alloc(w.commandId), numPeers: 1, data: {} },
  }),
  (w) => ({
    op: 'PostAllocationProxyAddress',
    path: { allocationId: alloc(w.commandId) },
    body: { proxyAddress: '10.0.0.2' },
  }),
  (w) => ({
    op: 'MarkAllocationResourcesDaemon',
    path: { allocationId: alloc(w.commandId), resourcesId: 'r0' },
    body: { allocationId: alloc(w.commandId), resourcesId: 'r0' },
  }),
  (w) => ({
    op: 'AckAllocationPreemptionSignal',
    path: { allocationId: alloc(w.commandId) },
    body: { allocationId: alloc(w.commandId) },
  }),
  (w) => ({
    op: 'AllocationPendingPreemptionSignal',
    path: { allocationId: alloc(w.commandId) },
    body: { allocationId: alloc(w.commandId) },
  }),
  (w) => ({
    op: 'PostAllocationAcceleratorData',
    path: { allocationId: alloc(w.commandId) },
    body: { allocationId: alloc(w.commandId), acceleratorData: { acceleratorType: 'cpu' } },
  }),
  (w) => ({ op: 'PostTaskLogs', body: { logs: [{ taskId: w.commandId, log: 'posted line\n' }] } }),
  (w) => ({
    op: 'SetCommandPriority',
    path: { commandId: w.commandId },
    body: { commandId: w.commandId, priority: 10 },
  }),
  (w) => ({
    op: 'SetNotebookPriority',
    path: { notebookId: w.notebookId },
    body: { notebookId: w.notebookId, priority: 10 },
  }),
  (w) => ({
    op: 'SetShellPriority',
    path: { shellId: w.shellId },
    body: { shellId: w.shellId, priority: 10 },
  }),
  (w) => ({
    op: 'SetTensorboardPriority',
    path: { tensorboardId: w.tensorboardId },
    body: { tensorboardId: w.tensorboardId, priority: 10 },
  }),
  (w) => ({
    op: 'IdleNotebook',
    path: { notebookId: w.notebookId },
    body: { notebookId: w.notebookId, idle: true },
  }),
  (w) => ({ op: 'UpdateJobQueue', body: { updates: [{ jobId: w.commandJobId, priority: 5 }] } }),
  (w) => ({ op: 'PauseGenericTask', path: { taskId: w.genericTaskId } }),
  (w) => ({ op: 'UnpauseGenericTask', path: { taskId: w.genericTaskId } }),
  () => ({ op: 'DisableSlot', path: { agentId: 'mock-agent', slotId: '0' }, body: { drain: true } }),
  () => ({ op: 'EnableSlot', path: { agentId: 'mock-agent', slotId: '0' } }),
  () => ({ op: 'DisableAgent', path: { agentId: 'mock-agent' }, body: { drain: true } }),
  () => ({ op: 'EnableAgent', path: { agentId: 'mock-agent' } }),
];
