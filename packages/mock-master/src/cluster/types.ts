import type { ExperimentRecord, JsonObject, TrialRecord } from '../state/records';

export type { Wire } from '../state/wire';

/** A JSON object. */
export type JsonRecord = Record<string, unknown>;

/** Lifecycle durations the cluster shares with the experiment simulation, in virtual ms. */
export interface ClusterTiming {
  pullingMs: number;
  startingMs: number;
  stoppingMs: number;
}

/** What the cluster state reads from the mock state it belongs to (read lazily). */
export interface ClusterHost {
  readonly seed: number;
  readonly timing: ClusterTiming;
  readonly trials: ReadonlyMap<number, TrialRecord>;
  readonly experiments: ReadonlyMap<number, ExperimentRecord>;
  readonly resourcePools: ReadonlyMap<string, JsonObject>;
  /** Current virtual time in ms. */
  nowMs(): number;
}
