import { ClusterState } from '../cluster/cluster-state';
import { slotsPerTrial } from '../cluster/scheduler';
import { failedPrecondition, notFound } from '../errors';
import type { ScenarioUser } from '../seed/scenario-types';
import { CheckpointStorage } from '../storage/checkpoint-storage';
import { CheckpointCollector } from './checkpoint-gc';
import { rfc3339, VirtualClock } from './clock';
import { addDefaults } from './defaults';
import { ExperimentDeletions } from './experiment-deletions';
import { LogStore } from './log-store';
import { MetricsStore } from './metrics-store';
import type {
  CheckpointRecord,
  ExperimentRecord,
  JsonObject,
  ModelRecord,
  ModelVersionRecord,
  ProjectRecord,
  TrialRecord,
  TrialSourceRecord,
  WorkspaceRecord,
} from './records';
import { isJsonObject } from './records';
import { DEFAULT_TIMING, type ExperimentSim, type SimHost, type SimTiming } from './sim-types';
import { syncExperiment } from './simulation';
import {
  createLargeCheckpoint,
  createSyntheticMetrics,
  type LargeCheckpointOptions,
  type SyntheticMetricsOptions,
} from './synthetic';
import { updateBestCheckpoint } from './trial-events';
import type { Wire } from './wire';

/** Options of {@link MockState.create}. */
export interface MockStateOptions {
  /** Seed of every generated value (metrics, UUIDs, checkpoint bytes). */
  seed: number;
  /** Virtual ms per real ms (ignored when `clock` is given). */
  speed: number;
  /** Directory for checkpoint files (the shared_fs `host_path`). */
  storageDir: string;
  clock?: VirtualClock;
  /** Overrides of the simulated lifecycle durations. */
  timing?: Partial<SimTiming>;
}

/** Kinds of numeric ids the state hands out. */
export type IdKind = 'experiment' | 'trial' | 'report' | 'model' | 'modelVersion' | 'workspace' | 'project';

/**
 * All data of the mock master plus the experiment simulation. Simulated time advances lazily:
 * call {@link MockState.sync} (handlers do, on every request) or {@link MockState.advance}.
 */
export class MockState implements SimHost {
  /** Seed of every generated value. */
  readonly seed: number;
  /** The virtual clock the simulation runs on. */
  readonly clock: VirtualClock;
  /** Virtual durations of the simulated lifecycle (queueing, batches, stopping, ...). */
  readonly timing: SimTiming;
  /** Where checkpoint files are kept. */
  readonly storage: CheckpointStorage;
  /** Experiments by id. */
  readonly experiments = new Map<number, ExperimentRecord>();
  /** The simulation of each experiment, by experiment id. */
  readonly sims = new Map<number, ExperimentSim>();
  /** Trials by id. */
  readonly trials = new Map<number, TrialRecord>();
  /** Checkpoints by uuid. */
  readonly checkpoints = new Map<string, CheckpointRecord>();
  /** Reported metrics of every trial. */
  readonly metrics = new MetricsStore();
  /** Trial logs. */
  readonly logs = new LogStore();
  /** Models of the registry by id. */
  readonly models = new Map<number, ModelRecord>();
  /** Model versions by their own id. */
  readonly modelVersions = new Map<number, ModelVersionRecord>();
  /** Workspaces by id. */
  readonly workspaces = new Map<number, WorkspaceRecord>();
  /** Projects by id. */
  readonly projects = new Map<number, ProjectRecord>();
  /** Resource pools by name, as `v1ResourcePool`. */
  readonly resourcePools = new Map<string, Wire['v1ResourcePool']>();
  /** Resource pool name → ids of the workspaces bound to it. */
  readonly poolBindings = new Map<string, Set<number>>();
  /** Trials that used a checkpoint as their source (GetTrialMetricsByCheckpoint/ModelVersion). */
  readonly trialSources: TrialSourceRecord[] = [];
  /** Users of a loaded scenario that still have to be created in the server's user store. */
  readonly scenarioUsers: ScenarioUser[] = [];
  /** Experiment config templates by name (merged under a new experiment's config). */
  readonly templates = new Map<string, JsonObject>();
  /** Checkpoint-GC tasks (see {@link CheckpointCollector}). */
  readonly gc: CheckpointCollector = new CheckpointCollector(this);
  /** Agents, tasks, the job queue and the master's smaller stores (see {@link ClusterState}). */
  readonly cluster: ClusterState = new ClusterState(this, this.templates);
  /** Experiments being deleted (see {@link ExperimentDeletions}). */
  readonly deletions: ExperimentDeletions = new ExperimentDeletions(this);
  private readonly ids: Record<IdKind, number> = {
    experiment: 1,
    trial: 1,
    report: 1,
    model: 1,
    modelVersion: 1,
    workspace: 1,
    project: 1,
  };
  private closed = false;

  private constructor(options: MockStateOptions) {
    this.seed = options.seed;
    this.clock = options.clock ?? new VirtualClock({ speed: options.speed });
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.storage = new CheckpointStorage(options.storageDir);
    this.storage.cloud.resolveConfig = (uuid) => {
      const storage = this.checkpoints.get(uuid)?.training?.experimentConfig.checkpoint_storage;
      return isJsonObject(storage) ? storage : null;
    };
    addDefaults(this, rfc3339(this.clock.nowMs()));
  }

  /** A fresh master with the default workspace, project and resource pool. */
  static create(options: MockStateOptions): MockState {
    return new MockState(options);
  }

  /** Stops accepting work (open log follows end); files in `storageDir` are left in place. */
  async close(): Promise<void> {
    this.closed = true;
  }

  /** True after {@link MockState.close}. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Hands out the next id of a kind. */
  nextId(kind: IdKind): number {
    const id = this.ids[kind];
    this.ids[kind] = id + 1;
    return id;
  }

  /** Makes sure future ids of `kind` are above `id` (after inserting seeded records). */
  reserveId(kind: IdKind, id: number): void {
    if (id >= this.ids[kind]) this.ids[kind] = id + 1;
  }

  /** Current virtual time in ms. */
  nowMs(): number {
    return this.clock.nowMs();
  }

  /** Current virtual time as RFC 3339. */
  nowIso(): string {
    return rfc3339(this.clock.nowMs());
  }

  /** Advances virtual time by `ms` and runs the simulation up to it (tests). */
  advance(ms: number): void {
    this.clock.advance(ms);
    this.sync();
  }

  /** Runs every simulation up to the current virtual time and completes due deletions. */
  sync(): void {
    const now = this.clock.nowMs();
    for (const [id, sim] of this.sims) {
      const exp = this.experiments.get(id);
      if (exp) syncExperiment(this, exp, sim, now);
    }
    this.gc.sync();
    this.deletions.sync(now);
    this.cluster.sync();
  }

  /** The experiment, or NotFound. */
  experiment(id: number): ExperimentRecord {
    const exp = this.experiments.get(id);
    if (!exp) throw notFound(`experiment not found: ${id}`);
    return exp;
  }

  /** The trial, or NotFound. */
  trial(id: number): TrialRecord {
    const trial = this.trials.get(id);
    if (!trial) throw notFound(`trial not found: ${id}`);
    return trial;
  }

  /** The checkpoint, or NotFound. */
  checkpoint(uuid: string): CheckpointRecord {
    const ck = this.checkpoints.get(uuid);
    if (!ck) throw notFound(`checkpoint not found: ${uuid}`);
    return ck;
  }

  /** The workspace, or NotFound. */
  workspace(id: number): WorkspaceRecord {
    const ws = this.workspaces.get(id);
    if (!ws) throw notFound(`workspace (${id}) not found`);
    return ws;
  }

  /** The project, or NotFound. */
  project(id: number): ProjectRecord {
    const p = this.projects.get(id);
    if (!p) throw notFound(`project (${id}) not found`);
    return p;
  }

  /** Trials of an experiment in id order. */
  trialsOf(experimentId: number): TrialRecord[] {
    return [...this.trials.values()]
      .filter((t) => t.experimentId === experimentId)
      .sort((a, b) => a.id - b.id);
  }

  /** Checkpoints of an experiment (or of one trial). */
  checkpointsOf(filter: { experimentId?: number; trialId?: number }): CheckpointRecord[] {
    return [...this.checkpoints.values()].filter(
      (c) =>
        c.training !== null &&
        (filter.experimentId === undefined || c.training.experimentId === filter.experimentId) &&
        (filter.trialId === undefined || c.training.trialId === filter.trialId),
    );
  }

  /** False while the experiment's pool has agents but fewer slots than one of its trials asks for. */
  trialFits(exp: ExperimentRecord): boolean {
    const usage = this.cluster.agents.poolUsage(exp.resourcePool);
    return usage.agents === 0 || slotsPerTrial(exp.config) <= usage.slots;
  }

  /** Whether the searcher metric of an experiment's config is minimized. */
  smallerIsBetter(experimentId: number): boolean {
    const searcher = this.experiments.get(experimentId)?.config.searcher as JsonObject | undefined;
    return searcher?.smaller_is_better !== false;
  }

  /** Starts asynchronous deletion (see {@link ExperimentDeletions.request}). */
  requestDelete(id: number): void {
    this.deletions.request(id);
  }

  /** True when a model version uses the checkpoint. */
  isRegistered(uuid: string): boolean {
    for (const v of this.modelVersions.values()) if (v.checkpointUuid === uuid) return true;
    return false;
  }

  /** Deletes checkpoints (files and state) in a checkpoint-GC task per experiment; registered ones are refused. */
  deleteCheckpoints(uuids: readonly string[]): void {
    for (const uuid of uuids) this.checkpoint(uuid);
    const registered = uuids.filter((u) => this.isRegistered(u));
    if (registered.length > 0)
      throw failedPrecondition(
        `checkpoints registered as model versions cannot be deleted: ${registered.join(', ')}`,
      );
    this.gc.collectByExperiment(uuids, ['**/*']);
  }

  /** Removes files matching `globs` (empty: only refresh) and updates resources and state. */
  removeCheckpointFiles(uuid: string, globs: readonly string[]): void {
    const ck = this.checkpoint(uuid);
    const before = Object.keys(ck.resources).length;
    const remaining = globs.length > 0 ? this.storage.removeFiles(uuid, globs) : this.storage.resources(uuid);
    const after = Object.keys(remaining).length;
    // Like the master, a checkpoint whose last files go is DELETED with its last resources kept.
    if (after === 0) ck.state = 'STATE_DELETED';
    else {
      ck.resources = remaining;
      if (after < before) ck.state = 'STATE_PARTIALLY_DELETED';
    }
    const trial = ck.training ? this.trials.get(ck.training.trialId) : undefined;
    if (trial && ck.training)
      updateBestCheckpoint(this, trial, this.smallerIsBetter(ck.training.experimentId));
  }

  /** See {@link createLargeCheckpoint}: a COMPLETED checkpoint of `sizeBytes` (sparse file); returns its UUID. */
  createLargeCheckpoint(sizeBytes: number, options: LargeCheckpointOptions = {}): string {
    return createLargeCheckpoint(this, sizeBytes, options);
  }

  /** See {@link createSyntheticMetrics}: `rows` lazily generated reports for a trial. */
  createSyntheticMetrics(trialId: number, rows: number, options: SyntheticMetricsOptions = {}): void {
    createSyntheticMetrics(this, trialId, rows, options);
  }
}
