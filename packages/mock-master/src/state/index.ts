export { rfc3339, VirtualClock, type VirtualClockOptions } from './clock';
export { type CreatedExperiment, type CreateExperimentInput, createExperiment } from './create-experiment';
export { MAX_MODEL_DEFINITION_BYTES } from './experiment-config';
export { applyAction, type ExperimentAction, killTrial, setArchived } from './lifecycle';
export { type IdKind, MockState, type MockStateOptions } from './mock-state';
export type * from './records';
export * from './render';
export { DEFAULT_TIMING, type SimTiming } from './sim-types';
export {
  createLargeCheckpoint,
  createSyntheticMetrics,
  type LargeCheckpointOptions,
  type SyntheticMetricsOptions,
} from './synthetic';
