import { invalidArgument } from '../errors';
import { seededHex, seededUuid } from './ids';
import type { JobQueue } from './job-queue';
import { allocationIdOf } from './scheduler';
import type { TaskKind, TaskOwner, TaskRecord } from './task-records';
import type { JsonRecord } from './types';

/** What a launch request gives the cluster. */
export interface LaunchInput {
  kind: TaskKind;
  /** The user's config merged over the template's. */
  config: JsonRecord;
  owner: TaskOwner;
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

function entrypointWords(config: JsonRecord): string[] {
  const e = config.entrypoint;
  if (Array.isArray(e)) return e.map(String);
  return typeof e === 'string' ? e.split(/\s+/).filter(Boolean) : [];
}

// `sleep N` runs N virtual seconds; any other command exits after one.
function commandRunMs(config: JsonRecord): number {
  const words = entrypointWords(config);
  const seconds = words[0] === 'sleep' ? Number(words[1]) : Number.NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000;
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
  options: { seed: number; index: number; nowMs: number; defaultPool: string; jobs: JobQueue },
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
  const finite = input.kind === 'command' || input.kind === 'generic';
  return {
    kind: input.kind,
    taskId,
    allocationId: allocationIdOf(taskId),
    jobId,
    containerId: seededHex(64, seed, 'container', index),
    owner: input.owner,
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
    runMs: finite ? commandRunMs(config) : null,
    exitStatus: '',
    experimentIds: input.experimentIds ?? [],
    trialIds: input.trialIds ?? [],
    contextTgz: input.contextTgz ?? '',
    privateKey:
      input.kind === 'shell'
        ? `-----BEGIN RSA PRIVATE KEY-----\n${seededHex(64, seed, 'key', index)}\n-----END RSA PRIVATE KEY-----\n`
        : '',
    publicKey: input.kind === 'shell' ? `ssh-rsa ${seededHex(64, seed, 'pub', index)}\n` : '',
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
