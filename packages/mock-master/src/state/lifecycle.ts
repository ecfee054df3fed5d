import { failedPrecondition } from '../errors';
import { type ExperimentRecord, TERMINAL_EXPERIMENT_STATES, TERMINAL_TRIAL_STATES } from './records';
import type { ExperimentSim, SimHost } from './sim-types';

/** The lifecycle actions of an experiment. */
export type ExperimentAction = 'activate' | 'pause' | 'cancel' | 'kill';

function isTerminal(exp: ExperimentRecord): boolean {
  return TERMINAL_EXPERIMENT_STATES.has(exp.state);
}

function isStopping(exp: ExperimentRecord): boolean {
  return exp.state.startsWith('STATE_STOPPING') || exp.state === 'STATE_DELETING';
}

/**
 * Applies a lifecycle action at virtual time `nowMs` (after syncing). Cancel and kill of an
 * experiment that is already stopping or terminal are no-ops, as on the master.
 */
export function applyAction(
  host: SimHost,
  exp: ExperimentRecord,
  sim: ExperimentSim | undefined,
  action: ExperimentAction,
  nowMs: number,
): void {
  if (action === 'activate' || action === 'pause') {
    if (isTerminal(exp) || isStopping(exp)) {
      throw failedPrecondition(
        `experiment ${exp.id} is in state ${exp.state} and cannot be ${action === 'pause' ? 'paused' : 'activated'}`,
      );
    }
    setPaused(host, exp, action === 'pause');
    return;
  }
  if (isTerminal(exp) || isStopping(exp)) return;
  const kind = action === 'cancel' ? 'cancel' : 'kill';
  exp.state = kind === 'cancel' ? 'STATE_STOPPING_CANCELED' : 'STATE_STOPPING_KILLED';
  if (sim) {
    sim.stop = { kind, atMs: nowMs };
    sim.lastSyncMs = nowMs;
  }
  for (const id of exp.trialIds) {
    const trial = host.trials.get(id);
    if (!trial || TERMINAL_TRIAL_STATES.has(trial.state)) continue;
    trial.state = kind === 'cancel' ? 'STATE_STOPPING_CANCELED' : 'STATE_STOPPING_KILLED';
  }
}

function setPaused(host: SimHost, exp: ExperimentRecord, paused: boolean): void {
  if (paused === (exp.state === 'STATE_PAUSED')) return;
  exp.state = paused ? 'STATE_PAUSED' : 'STATE_ACTIVE';
  for (const id of exp.trialIds) {
    const trial = host.trials.get(id);
    if (!trial || TERMINAL_TRIAL_STATES.has(trial.state) || trial.state.startsWith('STATE_STOPPING'))
      continue;
    trial.state = paused ? 'STATE_PAUSED' : 'STATE_ACTIVE';
  }
}

/** Kills one trial; the experiment goes on with its other trials. */
export function killTrial(
  host: SimHost,
  sim: ExperimentSim | undefined,
  trialId: number,
  nowMs: number,
): void {
  const trial = host.trials.get(trialId);
  if (!trial || TERMINAL_TRIAL_STATES.has(trial.state) || trial.state.startsWith('STATE_STOPPING')) return;
  trial.state = 'STATE_STOPPING_KILLED';
  const tsim = sim?.trials.find((t) => t.trialId === trialId);
  if (!sim || !tsim) return;
  tsim.stop = { kind: 'kill', atMs: nowMs };
  // The slot is free again from now on, so a waiting trial may start.
  sim.slots[tsim.slot] = Math.min(sim.slots[tsim.slot] ?? 0, sim.elapsed);
}

/** Archive or unarchive; only terminal experiments can be archived. */
export function setArchived(exp: ExperimentRecord, archived: boolean): void {
  if (archived && !isTerminal(exp)) {
    throw failedPrecondition(`cannot archive experiment ${exp.id} in non-terminal state ${exp.state}`);
  }
  if (exp.archived === archived) {
    throw failedPrecondition(`experiment ${exp.id} is ${archived ? 'already archived' : 'not archived'}`);
  }
  exp.archived = archived;
}
