import { allocationIdOf } from '../cluster/scheduler';
import { TASK_TYPES, type TaskRecord } from '../cluster/task-records';
import type { Wire } from '../cluster/types';
import { notFound } from '../errors';
import type { GcTask } from '../state/checkpoint-gc';
import type { MockState } from '../state/mock-state';
import type { TrialRecord, TrialTask } from '../state/records';

/**
 * A task of the master: a launched task, or a trial's task (`taskId`: an earlier task of a
 * continued trial; absent: its current one).
 */
export type AnyTask =
  | { kind: 'task'; task: TaskRecord }
  | { kind: 'trial'; trial: TrialRecord; taskId?: string };

const TRIAL_TASK_STATES: Readonly<Record<string, Wire['taskv1State']>> = {
  STATE_QUEUED: 'STATE_QUEUED',
  STATE_PULLING: 'STATE_PULLING',
  STATE_STARTING: 'STATE_STARTING',
  STATE_RUNNING: 'STATE_RUNNING',
  STATE_ACTIVE: 'STATE_QUEUED',
  STATE_PAUSED: 'STATE_TERMINATED',
  STATE_COMPLETED: 'STATE_TERMINATED',
  STATE_CANCELED: 'STATE_TERMINATED',
  STATE_ERROR: 'STATE_TERMINATED',
};

/** The task id of a trial. */
export function trialTaskId(trial: TrialRecord): string {
  return trial.taskId || `${trial.experimentId}.${trial.id}`;
}

/** The earlier (finished) task of a continued trial the view names, if any. */
function earlierTask(t: AnyTask & { kind: 'trial' }): TrialTask | undefined {
  if (t.taskId === undefined || t.taskId === trialTaskId(t.trial)) return undefined;
  return t.trial.tasks?.find((task) => task.taskId === t.taskId);
}

/** Start and end of a trial's task: its own for a continued trial's tasks, else the trial's. */
function taskTimes(t: AnyTask & { kind: 'trial' }): { startTime: string; endTime: string | null } {
  const earlier = earlierTask(t);
  if (earlier) return earlier;
  const tasks = t.trial.tasks;
  const current = tasks && tasks.length > 1 ? tasks[tasks.length - 1] : undefined;
  return { startTime: current?.startTime ?? t.trial.startTime, endTime: t.trial.endTime };
}

/** Finds a task by id (launched tasks, then trials), or NotFound like the master. */
export function findTask(state: MockState, taskId: string): AnyTask {
  state.sync();
  const task = state.cluster.tasks.get(taskId);
  if (task) return { kind: 'task', task };
  for (const trial of state.trials.values()) {
    if (trialTaskId(trial) === taskId) return { kind: 'trial', trial };
    if (trial.tasks?.some((t) => t.taskId === taskId)) return { kind: 'trial', trial, taskId };
  }
  throw notFound(`task '${taskId}' not found`);
}

/** Finds the task of an allocation id, or NotFound. */
export function findAllocation(state: MockState, allocationId: string): AnyTask {
  state.sync();
  for (const task of state.cluster.tasks.values())
    if (task.allocationId === allocationId) return { kind: 'task', task };
  for (const trial of state.trials.values())
    if (allocationIdOf(trialTaskId(trial)) === allocationId) return { kind: 'trial', trial };
  throw notFound(`allocation '${allocationId}' not found`);
}

/** The allocation of a task as `v1Allocation`. */
export function renderAllocation(state: MockState, t: AnyTask): Wire['v1Allocation'] {
  if (t.kind === 'task') {
    const { task } = t;
    const s = state.cluster.stateOf(task);
    return {
      taskId: task.taskId,
      state: s,
      isReady: task.isReady || s === 'STATE_RUNNING',
      startTime: task.scheduledMs === null ? null : new Date(task.scheduledMs).toISOString(),
      endTime: task.endMs === null ? null : new Date(task.endMs).toISOString(),
      allocationId: task.allocationId,
      slots: task.slots,
      exitReason: task.exitStatus === '' ? null : task.exitStatus,
      statusCode: null,
    };
  }
  const { trial } = t;
  const exp = state.experiments.get(trial.experimentId);
  const earlier = earlierTask(t);
  const s = earlier ? 'STATE_TERMINATED' : (TRIAL_TASK_STATES[trial.state] ?? 'STATE_TERMINATING');
  const times = taskTimes(t);
  return {
    taskId: earlier?.taskId ?? trialTaskId(trial),
    state: s,
    isReady: s === 'STATE_RUNNING',
    startTime: times.startTime,
    endTime: times.endTime,
    allocationId: allocationIdOf(earlier?.taskId ?? trialTaskId(trial)),
    slots: exp ? state.cluster.slotsPerTrial(exp.config) : 1,
    exitReason: null,
    statusCode: null,
  };
}

/** A task as `v1Task`. */
export function renderTask(state: MockState, t: AnyTask): Wire['v1Task'] {
  if (t.kind === 'task') {
    const { task } = t;
    return {
      taskId: task.taskId,
      taskType: TASK_TYPES[task.kind],
      allocations: [renderAllocation(state, t)],
      startTime: new Date(task.launchedMs).toISOString(),
      endTime: task.endMs === null ? null : new Date(task.endMs).toISOString(),
      config: task.kind === 'generic' ? task.configText : JSON.stringify(task.config),
      parentId: task.parentId,
      taskState: task.genericState,
      forkedFrom: task.forkedFrom,
      noPause: task.noPause,
    };
  }
  const times = taskTimes(t);
  return {
    taskId: earlierTask(t)?.taskId ?? trialTaskId(t.trial),
    taskType: 'TASK_TYPE_TRIAL',
    allocations: [renderAllocation(state, t)],
    startTime: times.startTime,
    endTime: times.endTime,
    config: null,
    parentId: null,
    taskState: null,
    forkedFrom: null,
    noPause: false,
  };
}

/** The scheduler's summary of an allocation (`v1AllocationSummary`), as GetTasks lists it. */
export function allocationSummary(state: MockState, t: AnyTask): Wire['v1AllocationSummary'] {
  const { cluster } = state;
  const a = renderAllocation(state, t);
  const pool =
    t.kind === 'task'
      ? t.task.resourcePool
      : (state.experiments.get(t.trial.experimentId)?.resourcePool ?? 'default');
  const name =
    t.kind === 'task' ? t.task.description : `Trial ${t.trial.id} (Experiment ${t.trial.experimentId})`;
  const slots = cluster.agents.slotsOf(a.allocationId);
  const agents = cluster.agents.agentsOf(a.allocationId);
  const containerId = t.kind === 'task' ? t.task.containerId : `trial-${t.trial.id}-container`;
  const resources: Wire['v1ResourcesSummary'][] =
    agents.length === 0
      ? []
      : [
          {
            resourcesId: containerId,
            resourcesType: 'docker-container',
            allocationId: a.allocationId,
            agentDevices: Object.fromEntries(
              agents.map((agent) => [
                agent.id,
                { devices: slots.filter((s) => s.agentId === agent.id).map((s) => ({ ...s.device })) },
              ]),
            ),
            containerId,
            started: a.state === 'STATE_RUNNING' ? { addresses: [], nativeResourcesId: containerId } : null,
            exited: null,
          },
        ];
  const jobId = t.kind === 'task' ? t.task.jobId : (state.experiments.get(t.trial.experimentId)?.jobId ?? '');
  return {
    taskId: a.taskId,
    allocationId: a.allocationId,
    name,
    registeredTime: t.kind === 'task' ? new Date(t.task.launchedMs).toISOString() : t.trial.startTime,
    resourcePool: pool,
    slotsNeeded: a.slots,
    resources,
    schedulerType: 'fair_share',
    priority: cluster.jobs.settings(jobId).priority,
    proxyPorts: [],
  };
}

/** Every task the cluster currently schedules or runs (launched tasks and trials with slots). */
export function activeTasks(state: MockState): AnyTask[] {
  state.sync();
  const tasks: AnyTask[] = state.cluster
    .tasksOf()
    .filter((task) => state.cluster.isActive(task))
    .map((task) => ({ kind: 'task', task }));
  for (const alloc of state.cluster.trialAllocations.values()) {
    const trial = state.trials.get(alloc.trialId);
    if (trial) tasks.push({ kind: 'trial', trial });
  }
  return tasks;
}

/** A running checkpoint-GC task as the scheduler lists it (it needs no slots). */
function gcSummary(state: MockState, gc: GcTask): Wire['v1AllocationSummary'] {
  const exp = state.experiments.get(gc.experimentId);
  return {
    taskId: gc.taskId,
    allocationId: gc.allocationId,
    name: `Checkpoint GC (Experiment ${gc.experimentId})`,
    registeredTime: new Date(gc.launchedMs).toISOString(),
    resourcePool: exp?.resourcePool ?? 'default',
    slotsNeeded: 0,
    resources: [],
    schedulerType: 'fair_share',
    priority: exp ? state.cluster.jobs.settings(exp.jobId).priority : 42,
    proxyPorts: [],
  };
}

/** Every allocation the scheduler lists (`/api/v1/tasks`, `/tasks`): tasks, trials and checkpoint GC. */
export function allocationSummaries(state: MockState): Wire['v1AllocationSummary'][] {
  const summaries = activeTasks(state).map((t) => allocationSummary(state, t));
  return [...summaries, ...state.gc.active().map((gc) => gcSummary(state, gc))];
}
