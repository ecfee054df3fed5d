/**
 * A scenario: exact data to preload into the mock master, as JSON or YAML. Everything is
 * optional; names refer to entities defined earlier in the file or to the defaults (users
 * `determined` and `admin`, workspace and project `Uncategorized` with id 1, pool `default`).
 *
 * ```yaml
 * users: [{username: alice, password: Secret123, admin: false}]
 * workspaces: [{name: research, owner: alice}]
 * projects: [{name: vision, workspace: research, notes: [{name: plan, contents: "..."}]}]
 * experiments:
 *   - name: mnist
 *     project: vision                # a project name (or id); default Uncategorized
 *     owner: alice
 *     config: {searcher: {name: single, metric: validation_loss, max_length: {batches: 200}}}
 *     state: STATE_COMPLETED         # default; or `simulate: true` to run it on the virtual clock
 *     labels: [baseline]
 *     modelDefinition: {"model_def.py": "print('hi')\n"}
 *     trials:
 *       - hparams: {lr: 0.1}
 *         training: [{batches: 100, metrics: {loss: 0.9}}, {batches: 200, metrics: {loss: 0.5}}]
 *         validation: [{batches: 200, metrics: {validation_loss: 0.6}}]
 *         checkpoints: [{batches: 200, uuid: 7c0c…, files: {"weights.bin": "abc"}}]
 *         logs: ["hello", {log: "oops", level: LOG_LEVEL_ERROR}]
 * models:
 *   - name: classifier
 *     labels: [prod]
 *     versions: [{checkpoint: 7c0c…, name: v1}]
 * templates: {base: {resources: {slots_per_trial: 1}}}
 * resourcePools: [{name: gpu-pool, slotType: TYPE_CUDA, slotsAvailable: 8}]
 * agents: [{count: 2, slots: 4, slotType: TYPE_CUDA, resourcePool: gpu-pool}]
 * ```
 */
export interface ScenarioFile {
  /** Users besides the default `determined` and `admin`. */
  users?: ScenarioUser[];
  /** Workspaces besides the default `Uncategorized`. */
  workspaces?: ScenarioWorkspace[];
  /** Projects in those workspaces. */
  projects?: ScenarioProject[];
  /** Experiments, finished or running on the virtual clock. */
  experiments?: ScenarioExperiment[];
  /** Models of the registry, with their versions. */
  models?: ScenarioModel[];
  /** Experiment config templates by name (CreateExperiment `template`). */
  templates?: Record<string, Record<string, unknown>>;
  /**
   * Agents of the simulated cluster, in groups of identical agents (default: one agent
   * `mock-agent` with one CPU slot in pool `default`). Pools with agents report their counts.
   */
  agents?: ScenarioAgentGroup[];
  /** Extra resource pools (`v1ResourcePool` fields; missing ones get defaults). */
  resourcePools?: Array<
    {
      /** The pool's name. */
      name: string;
    } & Record<string, unknown>
  >;
}

/** A user; ids follow the defaults (1 determined, 2 admin) in file order. */
export interface ScenarioUser {
  username: string;
  admin?: boolean;
  active?: boolean;
  remote?: boolean;
  displayName?: string;
  /** Plain text (default: empty). */
  password?: string;
}

/** A workspace. */
export interface ScenarioWorkspace {
  id?: number;
  name: string;
  owner?: string;
  archived?: boolean;
  pinned?: boolean;
}

/** A project. */
export interface ScenarioProject {
  id?: number;
  name: string;
  /** Workspace name or id (default 1, Uncategorized). */
  workspace?: string | number;
  description?: string;
  key?: string;
  owner?: string;
  archived?: boolean;
  notes?: Array<{ name: string; contents: string }>;
}

/** One metrics report of a trial. */
export interface ScenarioReport {
  batches: number;
  metrics: Record<string, number>;
}

/** A checkpoint of a trial. */
export interface ScenarioCheckpoint {
  batches: number;
  uuid?: string;
  state?: 'STATE_ACTIVE' | 'STATE_COMPLETED' | 'STATE_ERROR' | 'STATE_DELETED' | 'STATE_PARTIALLY_DELETED';
  metadata?: Record<string, unknown>;
  /** Relative path → UTF-8 contents (a trailing `/` makes a directory); default: simulated files. */
  files?: Record<string, string>;
}

/** A trial with exact metrics, checkpoints and logs. */
export interface ScenarioTrial {
  id?: number;
  state?: string;
  hparams?: Record<string, unknown>;
  training?: ScenarioReport[];
  validation?: ScenarioReport[];
  /** Reports of other metric groups, by group name. */
  groups?: Record<string, ScenarioReport[]>;
  checkpoints?: ScenarioCheckpoint[];
  logs?: Array<string | { log: string; level?: string; stdtype?: string }>;
}

/** An experiment: either stored as given, or (`simulate: true`) created and run by the simulation. */
export interface ScenarioExperiment {
  id?: number;
  name?: string;
  /** Experiment config (YAML text or an object); default: a single-trial searcher on validation_loss. */
  config?: string | Record<string, unknown>;
  project?: string | number;
  owner?: string;
  /** Final state of a stored experiment (default STATE_COMPLETED). */
  state?: string;
  simulate?: boolean;
  /** With `simulate`: false creates it PAUSED. */
  activate?: boolean;
  archived?: boolean;
  labels?: string[];
  description?: string;
  notes?: string;
  /** Uploaded model definition: relative path → UTF-8 contents. */
  modelDefinition?: Record<string, string>;
  trials?: ScenarioTrial[];
}

/** A registered model and its versions. */
export interface ScenarioModel {
  id?: number;
  name: string;
  description?: string;
  labels?: string[];
  metadata?: Record<string, unknown>;
  notes?: string;
  workspace?: string | number;
  owner?: string;
  archived?: boolean;
  versions?: Array<{
    checkpoint: string;
    name?: string;
    comment?: string;
    notes?: string;
    labels?: string[];
    metadata?: Record<string, unknown>;
  }>;
}

/** `count` identical agents: ids `<idPrefix>-0`, `<idPrefix>-1`, ... */
export interface ScenarioAgentGroup {
  /** How many agents (default 1). */
  count?: number;
  /** Slots (devices) per agent. */
  slots: number;
  /** Device type of the slots (default TYPE_CPU). */
  slotType?: 'TYPE_CPU' | 'TYPE_CUDA' | 'TYPE_ROCM';
  /** The pool the agents belong to (default `default`). */
  resourcePool?: string;
  /** Prefix of the agent ids (default `mock-agent`). */
  idPrefix?: string;
  /** False starts the agents disabled. */
  enabled?: boolean;
}
