import type { ExperimentRecord, TrialRecord } from './records';
import type { ExperimentSim, SimHost } from './sim-types';

/** Active time at which the first trials run (after queueing, pulling and starting). */
export function runStart(host: SimHost): number {
  const t = host.timing;
  return t.queuedMs + t.pullingMs + t.startingMs;
}

/** Virtual ms one learning-curve trial trains. */
export function trialDuration(host: SimHost, sim: ExperimentSim): number {
  return sim.plan.maxLength * host.timing.msPerBatch;
}

/** Experiment state while active, from the time it has been active. */
export function phaseState(host: SimHost, elapsed: number): ExperimentRecord['state'] {
  const t = host.timing;
  if (elapsed < t.queuedMs) return 'STATE_QUEUED';
  if (elapsed < t.queuedMs + t.pullingMs) return 'STATE_PULLING';
  if (elapsed < runStart(host)) return 'STATE_STARTING';
  return 'STATE_RUNNING';
}

/** A trial's state `remaining` ms before it runs: QUEUED, then PULLING, then STARTING. */
export function waitingPhase(host: SimHost, remaining: number): TrialRecord['state'] {
  const t = host.timing;
  if (remaining > t.pullingMs + t.startingMs) return 'STATE_QUEUED';
  return remaining > t.startingMs ? 'STATE_PULLING' : 'STATE_STARTING';
}
