import { failedPrecondition, invalidArgument, notFound } from '../errors';
import { rfc3339 } from '../state/clock';
import type { JsonObject } from '../state/records';
import { AccessTokenStore } from './access-tokens';
import { type AgentSpec, AgentStore } from './agents';
import { ClusterMessageStore } from './cluster-message';
import { ConfigPolicyStore } from './config-policies';
import { GroupStore } from './groups';
import { JobQueue } from './job-queue';
import { type LaunchInput, newTask } from './launch';
import { defaultMasterConfig } from './master-config';
import {
  finishTasks,
  scheduleTasks,
  slotsPerTrial,
  syncTrialAllocations,
  type TrialAllocation,
  writeLifecycleLogs,
} from './scheduler';
import { type TaskKind, type TaskRecord, taskState } from './task-records';
import { TemplateStore } from './templates';
import { TrialExtras } from './trial-extras';
import type { ClusterHost, JsonRecord, Wire } from './types';
import { UserSettingsStore } from './user-settings';
import { WebhookStore } from './webhooks';

function deviceOfSlotType(slotType: unknown): 'cpu' | 'cuda' | 'rocm' {
  if (slotType === 'TYPE_CUDA') return 'cuda';
  return slotType === 'TYPE_ROCM' ? 'rocm' : 'cpu';
}

/** The agent a fresh mock master has: one CPU slot in pool `default`, matching the default pool. */
export const DEFAULT_AGENTS: readonly AgentSpec[] = [
  { id: 'mock-agent', slots: 1, slotType: 'TYPE_CPU', resourcePool: 'default' },
];

/**
 * The simulated cluster around the experiments: agents and slots, tasks and their allocations,
 * the job queue, and the master's smaller stores (templates, groups, webhooks, settings, ...).
 * Time-driven state advances in {@link ClusterState.sync}, which the mock state calls.
 */
export class ClusterState {
  readonly agents = new AgentStore();
  readonly tasks = new Map<string, TaskRecord>();
  readonly trialAllocations = new Map<number, TrialAllocation>();
  readonly jobs = new JobQueue();
  readonly templates: TemplateStore;
  readonly groups = new GroupStore();
  readonly webhooks = new WebhookStore();
  readonly userSettings = new UserSettingsStore();
  readonly clusterMessage = new ClusterMessageStore();
  readonly accessTokens = new AccessTokenStore();
  readonly configPolicies = new ConfigPolicyStore();
  readonly trialExtras = new TrialExtras();
  /** When each user last opened each project (user id → project id → virtual ms). */
  readonly projectActivity = new Map<number, Map<number, number>>();
  /** Accelerator data posted by tasks' containers, by task id. */
  readonly acceleratorData = new Map<string, Wire['v1AcceleratorData'][]>();
  private masterConfigValue: JsonRecord | null = null;
  private agentsConfigured = false;
  private launched = 0;

  constructor(
    private readonly host: ClusterHost,
    templateConfigs: Map<string, JsonObject>,
  ) {
    this.templates = new TemplateStore(templateConfigs);
  }

  /** Replaces the agents (scenarios) and sets the matching pools' agent and slot counts. */
  configureAgents(specs: readonly AgentSpec[]): void {
    for (const spec of specs) {
      if (!this.host.resourcePools.has(spec.resourcePool))
        throw invalidArgument(`agent ${spec.id}: resource pool ${spec.resourcePool} does not exist`);
    }
    this.agents.configure(specs, rfc3339(this.host.nowMs()));
    this.agentsConfigured = true;
    for (const [name, pool] of this.host.resourcePools) {
      const mine = specs.filter((s) => s.resourcePool === name);
      if (mine.length === 0) continue;
      pool.numAgents = mine.length;
      pool.slotsPerAgent = mine[0]?.slots ?? 0;
      pool.slotType = mine[0]?.slotType ?? 'TYPE_CPU';
    }
    this.sync();
  }

  /** Advances tasks, allocations and the pools' usage to the current virtual time. */
  sync(): void {
    if (!this.agentsConfigured) this.configureAgents(DEFAULT_AGENTS);
    const now = this.host.nowMs();
    finishTasks(this.host, this.agents, this.tasks.values());
    syncTrialAllocations(this.host, this.agents, this.trialAllocations);
    scheduleTasks(this.host, this.agents, this.tasks.values(), this.jobs);
    for (const task of this.tasks.values()) writeLifecycleLogs(this.host, task, now);
    for (const [name, pool] of this.host.resourcePools) {
      const usage = this.agents.poolUsage(name);
      if (usage.agents === 0) continue;
      pool.slotsAvailable = usage.slots;
      pool.slotsUsed = usage.used;
      pool.auxContainersRunning = this.tasksOf().filter(
        (t) => t.resourcePool === name && t.slots === 0 && this.isActive(t),
      ).length;
    }
  }

  /** Launches a command, notebook, shell, tensorboard or generic task (queued until scheduled). */
  launch(
    input: LaunchInput,
    options: { preview?: boolean } = {},
  ): { task: TaskRecord; warnings: Wire['v1LaunchWarning'][] } {
    this.sync();
    const defaultPool = this.defaultPool(input.kind === 'tensorboard');
    const task = newTask(input, {
      seed: this.host.seed,
      index: options.preview ? 0 : ++this.launched,
      nowMs: this.host.nowMs(),
      defaultPool,
      jobs: this.jobs,
      deviceOf: (name) => deviceOfSlotType(this.host.resourcePools.get(name)?.slotType),
    });
    const pool = this.host.resourcePools.get(task.resourcePool);
    if (!pool) throw invalidArgument(`resource pool ${task.resourcePool} does not exist`);
    if (!options.preview) {
      this.tasks.set(task.taskId, task);
      this.sync();
    }
    const capacity = Number(pool.slotsAvailable ?? 0);
    const warnings: Wire['v1LaunchWarning'][] =
      task.slots > capacity ? ['LAUNCH_WARNING_CURRENT_SLOTS_EXCEEDED'] : [];
    return { task, warnings };
  }

  /** A task of a kind (any kind when omitted), or NotFound with the master's message. */
  task(taskId: string, kind?: TaskKind): TaskRecord {
    this.sync();
    const task = this.tasks.get(taskId);
    if (!task || (kind !== undefined && task.kind !== kind))
      throw notFound(`${kind ?? 'task'} '${taskId}' not found`);
    return task;
  }

  /** Every task of a kind (all when omitted) in launch order. */
  tasksOf(kind?: TaskKind): TaskRecord[] {
    return [...this.tasks.values()].filter((t) => kind === undefined || t.kind === kind);
  }

  /**
   * Asks a task to stop; it terminates after the stopping time (at once while queued). With
   * `force` (the master's KillAllocation, e.g. when its workspace is deleted) its containers are
   * killed outright and it ends now.
   */
  kill(task: TaskRecord, options: { force?: boolean } = {}): void {
    if (task.endMs !== null || (task.killMs !== null && !options.force)) return;
    const now = this.host.nowMs();
    task.killMs ??= now;
    if (options.force) {
      task.endMs = now;
      if (task.exitStatus === '') task.exitStatus = 'resources were killed';
      this.agents.release(task.allocationId);
    }
    this.sync();
  }

  /**
   * Enables or disables an agent (every slot of it with `slotId` omitted, or one slot). Disabling
   * without `drain` kills the tasks running there, as the master does; draining lets them finish
   * while nothing new is scheduled.
   */
  setEnabled(target: { agentId: string; slotId?: string }, enabled: boolean, drain: boolean): void {
    this.sync();
    const agent = this.agents.get(target.agentId);
    const slots =
      target.slotId === undefined ? agent.slots : [this.agents.slot(target.agentId, target.slotId)];
    if (target.slotId === undefined) {
      agent.enabled = enabled;
      agent.draining = !enabled && drain;
    }
    for (const slot of slots) {
      slot.enabled = enabled;
      slot.draining = !enabled && drain;
    }
    if (!enabled && !drain) {
      const owners = new Set(slots.map((s) => s.owner));
      if (target.slotId === undefined) for (const owner of agent.auxOwners) owners.add(owner);
      for (const task of this.tasks.values()) {
        if (!owners.has(task.allocationId) || task.killMs !== null) continue;
        task.exitStatus = 'slot disabled';
        task.killMs = this.host.nowMs();
      }
    }
    this.sync();
  }

  /** Pauses or resumes a generic task. */
  setPaused(task: TaskRecord, paused: boolean): void {
    if (task.kind !== 'generic') throw invalidArgument(`task ${task.taskId} is not a generic task`);
    if (task.noPause && paused) throw failedPrecondition(`task ${task.taskId} cannot be paused`);
    if (task.endMs !== null) throw failedPrecondition(`task ${task.taskId} has already exited`);
    if (paused) {
      task.genericState = 'GENERIC_TASK_STATE_PAUSED';
      this.agents.release(task.allocationId);
      task.scheduledMs = null;
      task.agentId = null;
    } else {
      task.genericState = 'GENERIC_TASK_STATE_ACTIVE';
    }
    this.sync();
  }

  /** The allocation state of a task now. */
  stateOf(task: TaskRecord): Wire['taskv1State'] {
    return taskState(task, this.host.timing, this.host.nowMs());
  }

  /** True while a task holds or waits for resources. */
  isActive(task: TaskRecord): boolean {
    return this.stateOf(task) !== 'STATE_TERMINATED';
  }

  /** Slots a trial of an experiment asks for. */
  slotsPerTrial(config: JsonObject): number {
    return slotsPerTrial(config);
  }

  /** The master's configuration (GET/PATCH `/api/v1/master/config`). */
  masterConfig(options: { clusterName: string; storagePath: string }): JsonRecord {
    this.masterConfigValue ??= defaultMasterConfig(options);
    return this.masterConfigValue;
  }

  private defaultPool(aux: boolean): string {
    for (const [name, pool] of this.host.resourcePools)
      if (aux ? pool.defaultAuxPool === true : pool.defaultComputePool === true) return name;
    return 'default';
  }
}
