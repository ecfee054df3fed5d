import { invalidArgument } from '../errors';
import { ROOT_IDENTITY, simulateCommand } from './command-output';
import { seededHex, seededUuid } from './ids';
import type { JobQueue } from './job-queue';
import { allocationIdOf } from './scheduler';
import { sshKeyPair } from './ssh-keys';
import { taskEnvironment } from './task-environment';
import type { TaskKind, TaskOwner, TaskRecord } from './task-records';
import type { ShellRun, TaskIdentity } from './task-shell';
import type { JsonRecord } from './types';

/** What a launch request gives the cluster. */
export interface LaunchInput {
  kind: TaskKind;
  /** The user's config merged over the template's. */
  config: JsonRecord;
  owner: TaskOwner;
  /** The agent user and group it runs as (default root). */
  identity?: TaskIdentity;
  workspaceId: number;
  experimentIds?: number[];
  trialIds?: number[];
  contextTgz?: string;
  /** Generic tasks: the config as sent, plus their lineage. */
  configText?: string;
  parentId?: string | null;
  forkedFrom?: string | null;
  noPause?: boolean;
}

const ADJECTIVES = ['brave', 'calm', 'eager', 'fancy', 'gentle', 'happy', 'jolly', 'kind', 'lively', 'proud'];
const ANIMALS = ['beetle', 'crane', 'dingo', 'eagle', 'ferret', 'gecko', 'heron', 'koala', 'lemur', 'otter'];
const KIND_NAMES: Readonly<Record<TaskKind, string>> = {
  command: 'Command',
  notebook: 'JupyterLab',
  shell: 'Shell',
  tensorboard: 'TensorBoard',
  generic: 'Generic Task',
};

function word(list: readonly string[], hex: string): string {
  return list[Number.parseInt(hex, 16) % list.length] ?? list[0] ?? '';
}

// `sleep N` runs N virtual seconds; any other generic task exits after one.
function genericRunMs(config: JsonRecord): number {
  const e = config.entrypoint;
  const words = Array.isArray(e)
    ? e.map(String)
    : typeof e === 'string'
      ? e.split(/\s+/).filter(Boolean)
      : [];
  const seconds = words[0] === 'sleep' ? Number(words[1]) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000;
}

// A command runs as long as its simulated run takes (at least one virtual second), or until
// killed when it never ends by itself (`sleep infinity`).
function commandRunMs(run: ShellRun | null): number | null {
  if (run === null) return 1000;
  return run.durationMs === null ? null : Math.max(run.durationMs, 1000);
}

/** The config of a task with the master's defaults filled in. */
export function expandTaskConfig(input: LaunchInput, name: string, defaultPool: string): JsonRecord {
  const resources = { ...((input.config.resources as JsonRecord | undefined) ?? {}) };
  const defaultSlots = input.kind === 'tensorboard' ? 0 : 1;
  const slots = Number(resources.slots ?? defaultSlots);
  if (!Number.isInteger(slots) || slots < 0)
    throw invalidArgument(`invalid resources.slots: ${String(resources.slots)}`);
  return {
    ...input.config,
    description:
      typeof input.config.description === 'string' && input.config.description !== ''
        ? input.config.description
        : name,
    resources: {
      ...resources,
      slots,
      resource_pool:
        typeof resources.resource_pool === 'string' && resources.resource_pool !== ''
          ? resources.resource_pool
          : defaultPool,
      priority: resources.priority ?? null,
      weight: resources.weight ?? 1,
    },
    entrypoint: input.config.entrypoint ?? null,
    work_dir: input.config.work_dir ?? null,
  };
}

/** Builds the record of a newly launched task (queued). */
export function newTask(
  input: LaunchInput,
  options: {
    seed: number;
    index: number;
    nowMs: number;
    defaultPool: string;
    jobs: JobQueue;
    /** The device type of a pool's slots. */
    deviceOf: (pool: string) => 'cpu' | 'cuda' | 'rocm';
  },
): TaskRecord {
  const { seed, index } = options;
  const taskId = seededUuid(seed, 'task', index);
  const hex = seededHex(8, seed, 'name', index);
  const name = `${KIND_NAMES[input.kind]} (${word(ADJECTIVES, hex.slice(0, 4))}-${word(ANIMALS, hex.slice(4))})`;
  const config = expandTaskConfig(input, name, options.defaultPool);
  const resources = config.resources as JsonRecord;
  const jobId = seededUuid(seed, 'job', index);
  const priority = typeof resources.priority === 'number' ? resources.priority : undefined;
  const weight = typeof resources.weight === 'number' ? resources.weight : undefined;
  options.jobs.settings(jobId, { priority, weight });
  const containerId = seededHex(64, seed, 'container', index);
  const identity = input.identity ?? ROOT_IDENTITY;
  const environment = taskEnvironment({
    taskId,
    allocationId: allocationIdOf(taskId),
    containerId,
    owner: input.owner.username,
    config,
    device: options.deviceOf(String(resources.resource_pool)),
  });
  const simulation =
    input.kind === 'command' ? simulateCommand({ config, identity, env: environment }) : null;
  const keys = input.kind === 'shell' ? sshKeyPair(seededHex(64, seed, 'key', index)) : null;
  return {
    kind: input.kind,
    taskId,
    allocationId: allocationIdOf(taskId),
    jobId,
    containerId,
    owner: input.owner,
    identity,
    environment,
    simulation,
    description: String(config.description),
    config,
    workspaceId: input.workspaceId,
    resourcePool: String(resources.resource_pool),
    slots: Number(resources.slots),
    launchedMs: options.nowMs,
    scheduledMs: null,
    agentId: null,
    killMs: null,
    endMs: null,
    runMs:
      input.kind === 'command'
        ? commandRunMs(simulation)
        : input.kind === 'generic'
          ? genericRunMs(config)
          : null,
    exitStatus: '',
    experimentIds: input.experimentIds ?? [],
    trialIds: input.trialIds ?? [],
    contextTgz: input.contextTgz ?? '',
    privateKey: keys?.privateKey ?? '',
    publicKey: keys?.publicKey ?? '',
    genericState: input.kind === 'generic' ? 'GENERIC_TASK_STATE_ACTIVE' : null,
    parentId: input.parentId ?? null,
    forkedFrom: input.forkedFrom ?? null,
    noPause: input.noPause ?? false,
    configText: input.configText ?? '',
    isReady: false,
    logs: [],
    logged: new Set(),
    proxyAddress: '',
  };
}
