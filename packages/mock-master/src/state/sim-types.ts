import type { CheckpointStorage } from '../storage/checkpoint-storage';
import type { LogStore } from './log-store';
import type { MetricsStore } from './metrics-store';
import type { CheckpointRecord, ExperimentRecord, TrialRecord } from './records';
import type { SearchPlan } from './searcher';
import type { ScriptRun } from './trial-script';

/** Virtual durations of the simulated lifecycle, in ms. */
export interface SimTiming {
  queuedMs: number;
  pullingMs: number;
  startingMs: number;
  /** Virtual time one training batch takes. */
  msPerBatch: number;
  /** Time from a stop request (cancel, kill, completion) to the terminal state. */
  stoppingMs: number;
  /** Time from a delete request until the experiment is gone. */
  deletingMs: number;
}

/** Default lifecycle timing: a 1000-batch single-trial experiment takes about 14 virtual seconds. */
export const DEFAULT_TIMING: Readonly<SimTiming> = {
  queuedMs: 1000,
  pullingMs: 1000,
  startingMs: 1000,
  msPerBatch: 10,
  stoppingMs: 1000,
  deletingMs: 1000,
};

/** Simulation bookkeeping of one trial. */
export interface TrialSim {
  trialId: number;
  index: number;
  slot: number;
  /** Experiment-active time at which the trial started. */
  startElapsed: number;
  batches: number;
  containerId: string;
  stop: { kind: 'cancel' | 'kill'; atMs: number } | null;
  /** Trial run id of the current run (a continued trial's runs follow its earlier ones). */
  runId: number;
  /** The trial's script when its hyperparameters carry noop-fixture `actions`; null: learning curves. */
  script: ScriptRun | null;
}

/** Simulation bookkeeping of one experiment. */
export interface ExperimentSim {
  experimentId: number;
  plan: SearchPlan;
  /** Virtual ms the experiment has spent active (not paused). */
  elapsed: number;
  lastSyncMs: number;
  nextIndex: number;
  /** Active time at which each concurrency slot becomes free. */
  slots: number[];
  trials: TrialSim[];
  stop: { kind: 'complete' | 'error' | 'cancel' | 'kill'; atMs: number } | null;
  /** The checkpoint every trial starts from (`searcher.source_checkpoint_uuid` / `source_trial_id`), or ''. */
  warmStartCheckpointUuid: string;
}

/** What the simulation needs from the state. */
export interface SimHost {
  readonly seed: number;
  readonly timing: SimTiming;
  readonly storage: CheckpointStorage;
  readonly experiments: Map<number, ExperimentRecord>;
  readonly trials: Map<number, TrialRecord>;
  readonly checkpoints: Map<string, CheckpointRecord>;
  readonly metrics: MetricsStore;
  readonly logs: LogStore;
  nextId(kind: 'trial' | 'report'): number;
  /** False while the cluster could never place a trial of the experiment (more slots than its pool has). */
  trialFits(exp: ExperimentRecord): boolean;
}
