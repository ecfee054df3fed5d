import type { ShellRun, TaskIdentity } from './task-shell';
import type { ClusterTiming, JsonRecord, Wire } from './types';

/** Kinds of tasks the cluster runs besides trials. */
export type TaskKind = 'command' | 'notebook' | 'shell' | 'tensorboard' | 'generic';

/** The task type (`v1TaskType`) of each kind. */
export const TASK_TYPES: Readonly<Record<TaskKind, Wire['v1TaskType']>> = {
  command: 'TASK_TYPE_COMMAND',
  notebook: 'TASK_TYPE_NOTEBOOK',
  shell: 'TASK_TYPE_SHELL',
  tensorboard: 'TASK_TYPE_TENSORBOARD',
  generic: 'TASK_TYPE_GENERIC',
};

/** The job type (`jobv1Type`) of each kind. */
export const JOB_TYPES: Readonly<Record<TaskKind, Wire['jobv1Type']>> = {
  command: 'TYPE_COMMAND',
  notebook: 'TYPE_NOTEBOOK',
  shell: 'TYPE_SHELL',
  tensorboard: 'TYPE_TENSORBOARD',
  generic: 'TYPE_GENERIC',
};

/** One task log line (`v1TaskLogsResponse`). */
export type TaskLogRecord = Wire['v1TaskLogsResponse'];

/** The owner of a task. */
export interface TaskOwner {
  id: number;
  username: string;
  displayName: string;
}

/** A launched command, notebook, shell, tensorboard or generic task and its one allocation. */
export interface TaskRecord {
  readonly kind: TaskKind;
  readonly taskId: string;
  readonly allocationId: string;
  readonly jobId: string;
  readonly containerId: string;
  readonly owner: TaskOwner;
  /** The Linux user and group it runs as (the owner's linked agent user, or root). */
  readonly identity: TaskIdentity;
  /** The environment of its container (the master's task variables and the config's). */
  readonly environment: Readonly<Record<string, string>>;
  /** A command's simulated run (its output, exit code and duration); null for other kinds. */
  readonly simulation: ShellRun | null;
  readonly description: string;
  /** The expanded task config (with `resources`, `description`, ...). */
  readonly config: JsonRecord;
  readonly workspaceId: number;
  resourcePool: string;
  readonly slots: number;
  /** Virtual ms of the launch. */
  readonly launchedMs: number;
  /** When the scheduler gave it resources (null while queued). */
  scheduledMs: number | null;
  /** The agent it runs on once scheduled. */
  agentId: string | null;
  /** When it asked to stop (kill, or a generic task's pause). */
  killMs: number | null;
  /** When it ended and released its resources. */
  endMs: number | null;
  /** Virtual ms it runs before exiting by itself (commands and generic tasks); null: until killed. */
  readonly runMs: number | null;
  exitStatus: string;
  readonly experimentIds: number[];
  readonly trialIds: number[];
  /** The uploaded context directory as base64 tgz (`''` when none). */
  contextTgz: string;
  readonly privateKey: string;
  readonly publicKey: string;
  /** Generic tasks only. */
  genericState: Wire['v1GenericTaskState'] | null;
  readonly parentId: string | null;
  readonly forkedFrom: string | null;
  readonly noPause: boolean;
  readonly configText: string;
  isReady: boolean;
  logs: TaskLogRecord[];
  /** Which lifecycle log lines have been written. */
  logged: Set<string>;
  proxyAddress: string;
}

/** The allocation state (`taskv1State`) of a task at `nowMs`. */
export function taskState(task: TaskRecord, timing: ClusterTiming, nowMs: number): Wire['taskv1State'] {
  if (task.endMs !== null && nowMs >= task.endMs) return 'STATE_TERMINATED';
  if (task.killMs !== null) return 'STATE_TERMINATING';
  if (task.scheduledMs === null) return 'STATE_QUEUED';
  const since = nowMs - task.scheduledMs;
  if (since < timing.pullingMs) return 'STATE_PULLING';
  if (since < timing.pullingMs + timing.startingMs) return 'STATE_STARTING';
  return 'STATE_RUNNING';
}

/** The container state matching a task state. */
export function containerState(state: Wire['taskv1State']): Wire['containerv1State'] {
  switch (state) {
    case 'STATE_PULLING':
      return 'STATE_PULLING';
    case 'STATE_STARTING':
      return 'STATE_STARTING';
    case 'STATE_RUNNING':
    case 'STATE_TERMINATING':
      return 'STATE_RUNNING';
    case 'STATE_TERMINATED':
      return 'STATE_TERMINATED';
    default:
      return 'STATE_ASSIGNED';
  }
}
