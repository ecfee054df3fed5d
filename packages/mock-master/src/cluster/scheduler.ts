import { rfc3339 } from '../state/clock';
import type { JsonObject, TrialRecord } from '../state/records';
import type { AgentStore } from './agents';
import { naturalExitStatus, writeCommandOutput } from './command-output';
import type { JobQueue } from './job-queue';
import type { TaskRecord } from './task-records';
import type { ClusterHost } from './types';

/** A trial's allocation as the cluster sees it. */
export interface TrialAllocation {
  trialId: number;
  experimentId: number;
  taskId: string;
  allocationId: string;
  resourcePool: string;
  slots: number;
  scheduledMs: number;
}

/** Trial states in which a trial holds resources. */
const HOLDING_TRIAL_STATES: ReadonlySet<string> = new Set([
  'STATE_PULLING',
  'STATE_STARTING',
  'STATE_RUNNING',
  'STATE_STOPPING_CANCELED',
  'STATE_STOPPING_KILLED',
  'STATE_STOPPING_COMPLETED',
  'STATE_STOPPING_ERROR',
]);

/** Slots a trial of an experiment asks for (`resources.slots_per_trial`, default 1). */
export function slotsPerTrial(config: JsonObject): number {
  const resources = config.resources as JsonObject | undefined;
  const n = Number(resources?.slots_per_trial ?? 1);
  return Number.isInteger(n) && n >= 0 ? n : 1;
}

/** The allocation id of a task's first (only) allocation. */
export function allocationIdOf(taskId: string): string {
  return `${taskId}.1`;
}

function addLog(task: TaskRecord, key: string, atMs: number, log: string): void {
  if (task.logged.has(key)) return;
  task.logged.add(key);
  task.logs.push({
    id: `${task.taskId}-${task.logs.length + 1}`,
    timestamp: rfc3339(atMs),
    message: `${log}\n`,
    level: 'LOG_LEVEL_INFO',
    taskId: task.taskId,
    allocationId: task.allocationId,
    agentId: task.agentId,
    containerId: task.scheduledMs === null ? null : task.containerId,
    rankId: null,
    log: `${log}\n`,
    source: 'master',
    stdtype: 'stdout',
  });
}

function taskName(task: TaskRecord): string {
  const kind = task.kind === 'generic' ? 'Generic Task' : task.kind[0]?.toUpperCase() + task.kind.slice(1);
  return `${kind} (${task.description})`;
}

/** Writes the lifecycle log lines of a task that are due at `nowMs`. */
export function writeLifecycleLogs(host: ClusterHost, task: TaskRecord, nowMs: number): void {
  const { pullingMs, startingMs } = host.timing;
  addLog(task, 'queued', task.launchedMs, `${taskName(task)} was submitted (id: ${task.taskId})`);
  if (task.scheduledMs === null) return;
  const at = task.scheduledMs;
  addLog(task, 'scheduled', at, `${taskName(task)} was assigned to an agent`);
  if (nowMs >= at + pullingMs && (task.endMs === null || task.endMs >= at + pullingMs))
    addLog(task, 'pulled', at + pullingMs, 'Pulling docker image: done');
  const runningAt = at + pullingMs + startingMs;
  if (nowMs >= runningAt && (task.endMs === null || task.endMs >= runningAt)) {
    addLog(task, 'running', runningAt, `Resources for ${taskName(task)} have started`);
    writeCommandOutput(task, runningAt, nowMs);
  }
  if (task.endMs !== null && nowMs >= task.endMs)
    addLog(task, 'exited', task.endMs, `${taskName(task)} was terminated: ${task.exitStatus}`);
}

/** Ends tasks whose stop or natural exit is due, releasing their resources. */
export function finishTasks(host: ClusterHost, agents: AgentStore, tasks: Iterable<TaskRecord>): void {
  const now = host.nowMs();
  const { pullingMs, startingMs, stoppingMs } = host.timing;
  for (const task of tasks) {
    if (task.endMs !== null) continue;
    let end: number | null = null;
    if (task.killMs !== null) end = task.scheduledMs === null ? task.killMs : task.killMs + stoppingMs;
    else if (task.runMs !== null && task.scheduledMs !== null)
      end = task.scheduledMs + pullingMs + startingMs + task.runMs;
    if (end === null || now < end) continue;
    task.endMs = end;
    if (task.exitStatus === '')
      task.exitStatus = task.killMs === null ? naturalExitStatus(task.simulation) : 'resources were killed';
    if (task.genericState !== null)
      task.genericState =
        task.killMs === null ? 'GENERIC_TASK_STATE_COMPLETED' : 'GENERIC_TASK_STATE_CANCELED';
    agents.release(task.allocationId);
  }
}

/** Gives trials that hold resources their slots and frees the slots of trials that stopped. */
export function syncTrialAllocations(
  host: ClusterHost,
  agents: AgentStore,
  allocations: Map<number, TrialAllocation>,
): void {
  for (const [trialId, alloc] of allocations) {
    const trial = host.trials.get(trialId);
    if (!trial || !HOLDING_TRIAL_STATES.has(trial.state)) {
      agents.release(alloc.allocationId);
      allocations.delete(trialId);
    }
  }
  for (const trial of host.trials.values()) {
    if (!HOLDING_TRIAL_STATES.has(trial.state) || allocations.has(trial.id)) continue;
    const exp = host.experiments.get(trial.experimentId);
    if (!exp) continue;
    const alloc = trialAllocation(trial, exp.resourcePool, slotsPerTrial(exp.config), host.nowMs());
    if (agents.allocate(alloc.resourcePool, alloc.slots, alloc.allocationId) !== null)
      allocations.set(trial.id, alloc);
  }
}

function trialAllocation(trial: TrialRecord, pool: string, slots: number, nowMs: number): TrialAllocation {
  const taskId = trial.taskId || `${trial.experimentId}.${trial.id}`;
  return {
    trialId: trial.id,
    experimentId: trial.experimentId,
    taskId,
    allocationId: allocationIdOf(taskId),
    resourcePool: pool,
    slots,
    scheduledMs: nowMs,
  };
}

/** Schedules queued tasks in queue order where their pool has room. */
export function scheduleTasks(
  host: ClusterHost,
  agents: AgentStore,
  tasks: Iterable<TaskRecord>,
  jobs: JobQueue,
): void {
  const queued = jobs.ordered(
    [...tasks].filter((t) => t.scheduledMs === null && t.killMs === null && t.endMs === null),
  );
  for (const task of queued) {
    if (task.genericState === 'GENERIC_TASK_STATE_PAUSED') continue;
    if (agents.allocate(task.resourcePool, task.slots, task.allocationId) === null) continue;
    task.scheduledMs = host.nowMs();
    task.agentId = agents.agentsOf(task.allocationId)[0]?.id ?? null;
  }
}
