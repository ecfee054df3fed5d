import { rfc3339 } from './clock';
import { type ExperimentRecord, TERMINAL_TRIAL_STATES } from './records';
import { advanceScriptedRun } from './scripted-run';
import { phaseState, runStart, trialDuration, waitingPhase } from './sim-phases';
import type { ExperimentSim, SimHost, TrialSim } from './sim-types';
import { recordCheckpoint, recordTraining, recordValidation, type TrialEventContext } from './trial-events';
import { startDueTrials } from './trial-start';

const ACTIVE_TRIAL = new Set([
  'STATE_RUNNING',
  'STATE_ACTIVE',
  'STATE_QUEUED',
  'STATE_PULLING',
  'STATE_STARTING',
]);

/** Brings one experiment's simulation up to virtual time `nowMs`. */
export function syncExperiment(
  host: SimHost,
  exp: ExperimentRecord,
  sim: ExperimentSim,
  nowMs: number,
): void {
  const dt = Math.max(0, nowMs - sim.lastSyncMs);
  sim.lastSyncMs = nowMs;
  settleStoppingTrials(host, sim, nowMs);
  if (sim.stop !== null) {
    if (nowMs >= sim.stop.atMs + host.timing.stoppingMs) finishExperiment(host, exp, sim);
    return;
  }
  if (exp.unmanaged) return;
  if (exp.state === 'STATE_PAUSED') {
    // An experiment created paused still has its first trials, PAUSED until it is activated.
    if (sim.trials.length === 0) {
      startDueTrials(host, exp, sim, sim.elapsed, () => nowMs);
      for (const tsim of sim.trials) {
        const trial = host.trials.get(tsim.trialId);
        if (trial) trial.state = 'STATE_PAUSED';
      }
    }
    return;
  }
  const from = sim.elapsed;
  sim.elapsed += dt;
  const wallOf = (e: number): number => nowMs - (sim.elapsed - e);
  // Like the master's searcher, trials exist (QUEUED) from the moment they are planned, before
  // they are scheduled; the first ones as soon as the experiment is created.
  startDueTrials(host, exp, sim, sim.elapsed, wallOf);
  for (const tsim of sim.trials) advanceTrial(host, exp, sim, tsim, sim.elapsed, wallOf);
  exp.state = experimentPhase(host, exp, sim);
  updateProgress(exp, sim);
  const doneAt = completionElapsed(host, sim);
  if (doneAt !== null) {
    const kind = endingKind(host, sim);
    exp.state = STOPPING_STATE[kind];
    sim.stop = { kind, atMs: wallOf(Math.max(from, doneAt)) };
    if (nowMs >= sim.stop.atMs + host.timing.stoppingMs) finishExperiment(host, exp, sim);
  }
}

/** Active time at which every planned trial had finished, or null while work remains. */
function completionElapsed(host: SimHost, sim: ExperimentSim): number | null {
  if (sim.nextIndex < sim.plan.hparamSets.length) return null;
  let last = runStart(host);
  for (const tsim of sim.trials) {
    if (tsim.stop !== null) continue;
    if (tsim.script !== null) {
      if (tsim.script.finishedAt === null) return null;
      last = Math.max(last, tsim.script.finishedAt);
      continue;
    }
    if (tsim.batches < sim.plan.maxLength) return null;
    last = Math.max(last, tsim.startElapsed + trialDuration(host, sim));
  }
  return last;
}

const STOPPING_STATE = {
  complete: 'STATE_STOPPING_COMPLETED',
  error: 'STATE_STOPPING_ERROR',
  cancel: 'STATE_STOPPING_CANCELED',
} as const;

/**
 * How an experiment whose trials are all done ends: COMPLETED when a trial completed, else
 * ERROR when a (scripted) trial errored, else CANCELED (every trial was killed).
 */
function endingKind(host: SimHost, sim: ExperimentSim): keyof typeof STOPPING_STATE {
  const finished = sim.trials.filter((t) => t.stop === null);
  const errored = finished.filter((t) => host.trials.get(t.trialId)?.state === 'STATE_ERROR');
  if (finished.length > errored.length || sim.trials.length === 0) return 'complete';
  return errored.length > 0 ? 'error' : 'cancel';
}

/** The experiment's state while active: its trials' furthest phase (QUEUED while none can be scheduled). */
function experimentPhase(
  host: SimHost,
  exp: ExperimentRecord,
  sim: ExperimentSim,
): ExperimentRecord['state'] {
  const states = sim.trials.map((t) => host.trials.get(t.trialId)?.state);
  if (states.includes('STATE_RUNNING')) return 'STATE_RUNNING';
  if (sim.trials.length > 0 && !host.trialFits(exp)) return 'STATE_QUEUED';
  return phaseState(host, sim.elapsed);
}

function advanceTrial(
  host: SimHost,
  exp: ExperimentRecord,
  sim: ExperimentSim,
  tsim: TrialSim,
  until: number,
  wallOf: (e: number) => number,
): void {
  const trial = host.trials.get(tsim.trialId);
  if (!trial || tsim.stop !== null || !ACTIVE_TRIAL.has(trial.state)) return;
  if (!host.trialFits(exp)) {
    // The scheduler cannot place it (more slots than the pool has): it waits QUEUED, and runs
    // the queue-pull-start sequence once it can be placed.
    trial.state = 'STATE_QUEUED';
    tsim.startElapsed = Math.max(tsim.startElapsed, until + host.timing.pullingMs + host.timing.startingMs);
    if (tsim.script !== null) tsim.script.atElapsed = Math.max(tsim.script.atElapsed, tsim.startElapsed);
    return;
  }
  if (until < tsim.startElapsed) {
    trial.state = waitingPhase(host, tsim.startElapsed - until);
    return;
  }
  const { maxLength, schedulingUnit, validationPeriod, checkpointPeriod } = sim.plan;
  const target = Math.min(maxLength, Math.floor((until - tsim.startElapsed) / host.timing.msPerBatch));
  const ctx: TrialEventContext = {
    host,
    exp,
    plan: sim.plan,
    trial,
    index: tsim.index,
    containerId: tsim.containerId,
    runId: tsim.runId,
  };
  if (tsim.script !== null) {
    const maxRestarts = typeof exp.config.max_restarts === 'number' ? exp.config.max_restarts : 5;
    const t = host.timing;
    const script = { ...ctx, maxRestarts, stepMs: t.msPerBatch, restartMs: t.pullingMs + t.startingMs };
    advanceScriptedRun(script, tsim.script, until, wallOf);
    if (tsim.script.finishedAt !== null) sim.slots[tsim.slot] = tsim.script.finishedAt;
    return;
  }
  trial.state = 'STATE_RUNNING';
  for (const b of boundaries(
    tsim.batches,
    target,
    [schedulingUnit, validationPeriod, checkpointPeriod],
    maxLength,
  )) {
    const atMs = wallOf(tsim.startElapsed + b * host.timing.msPerBatch);
    const end = b === maxLength;
    if (b % schedulingUnit === 0 || end) recordTraining(ctx, b, atMs);
    if ((validationPeriod > 0 && b % validationPeriod === 0) || end) recordValidation(ctx, b, atMs);
    if ((checkpointPeriod > 0 && b % checkpointPeriod === 0) || end) recordCheckpoint(ctx, b, atMs);
    trial.wallClockTime = (atMs - Date.parse(trial.startTime)) / 1000;
  }
  tsim.batches = target;
  if (target >= maxLength) {
    const atMs = wallOf(tsim.startElapsed + maxLength * host.timing.msPerBatch);
    trial.state = 'STATE_COMPLETED';
    trial.endTime = rfc3339(atMs);
    host.logs.add({
      trialId: trial.id,
      atMs,
      log: `Trial ${trial.id} (Experiment ${exp.id}) was terminated: allocation stopped after resources exited successfully with a zero exit code`,
    });
  }
}

/** Batch counts in (from, to] that are multiples of any non-zero period, plus `last` if reached. */
function* boundaries(from: number, to: number, periods: readonly number[], last: number): Generator<number> {
  let b = from;
  while (b < to) {
    let next = to === last ? last : Number.POSITIVE_INFINITY;
    for (const p of periods) if (p > 0) next = Math.min(next, (Math.floor(b / p) + 1) * p);
    if (next > to) return;
    yield next;
    b = next;
  }
}

function updateProgress(exp: ExperimentRecord, sim: ExperimentSim): void {
  const total = sim.plan.hparamSets.length * sim.plan.maxLength;
  const done = sim.trials.reduce((n, t) => n + trialProgress(sim, t) * sim.plan.maxLength, 0);
  exp.progress = total === 0 ? 1 : Math.min(1, done / total);
  exp.numTrials = sim.trials.length;
  exp.duration = Math.round((sim.lastSyncMs - Date.parse(exp.startTime)) / 1000);
}

/** The share of its work a trial has done (a scripted trial: of its actions). */
function trialProgress(sim: ExperimentSim, t: TrialSim): number {
  if (t.stop !== null || (t.script !== null && t.script.finishedAt !== null)) return 1;
  if (t.script !== null) return t.script.actions.length === 0 ? 1 : t.script.next / t.script.actions.length;
  return sim.plan.maxLength === 0 ? 1 : t.batches / sim.plan.maxLength;
}

/** Moves trials whose stop was requested long enough ago to CANCELED. */
function settleStoppingTrials(host: SimHost, sim: ExperimentSim, nowMs: number): void {
  for (const tsim of sim.trials) {
    const trial = host.trials.get(tsim.trialId);
    if (!trial || tsim.stop === null || !trial.state.startsWith('STATE_STOPPING')) continue;
    if (nowMs < tsim.stop.atMs + host.timing.stoppingMs) continue;
    trial.state = 'STATE_CANCELED';
    trial.endTime = rfc3339(tsim.stop.atMs + host.timing.stoppingMs);
  }
}

function finishExperiment(host: SimHost, exp: ExperimentRecord, sim: ExperimentSim): void {
  const stop = sim.stop;
  if (stop === null) return;
  const endMs = stop.atMs + host.timing.stoppingMs;
  for (const tsim of sim.trials) {
    const trial = host.trials.get(tsim.trialId);
    if (!trial || TERMINAL_TRIAL_STATES.has(trial.state)) continue;
    trial.state = 'STATE_CANCELED';
    trial.endTime = rfc3339(endMs);
  }
  exp.state =
    stop.kind === 'complete' ? 'STATE_COMPLETED' : stop.kind === 'error' ? 'STATE_ERROR' : 'STATE_CANCELED';
  exp.endTime = rfc3339(endMs);
  exp.duration = Math.round((endMs - Date.parse(exp.startTime)) / 1000);
  if (stop.kind === 'complete') exp.progress = 1;
}
