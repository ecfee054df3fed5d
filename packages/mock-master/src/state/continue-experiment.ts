import { parse as parseYaml } from 'yaml';
import { failedPrecondition, invalidArgument } from '../errors';
import { rfc3339 } from './clock';
import { deepMerge, expandConfig } from './experiment-config';
import type { MockState } from './mock-state';
import { type ExperimentRecord, isJsonObject, TERMINAL_EXPERIMENT_STATES, type TrialRecord } from './records';
import { newScriptRun } from './scripted-run';
import { ConfigError, planSearch, type SearchPlan } from './searcher';
import type { ExperimentSim, TrialSim } from './sim-types';
import { uuidFor } from './trial-events';
import { parseTrialScript } from './trial-script';

function continuedPlan(state: MockState, exp: ExperimentRecord, override: string): SearchPlan {
  const overrides = override.trim() === '' ? {} : parseYaml(override);
  if (!isJsonObject(overrides)) throw invalidArgument('override config must be a YAML mapping');
  const config = expandConfig(deepMerge(exp.config, overrides), {
    storageDir: state.storage.root,
    seed: state.seed + exp.id,
    name: exp.name,
  });
  try {
    const plan = planSearch(config, state.seed + exp.id);
    exp.config = config;
    return plan;
  } catch (e) {
    if (e instanceof ConfigError) throw invalidArgument(`invalid experiment configuration: ${e.message}`);
    throw e;
  }
}

/** The next task of a continued trial: `<first task id>-N`, N the number of tasks it had. */
function nextTask(trial: TrialRecord, nowMs: number): void {
  const tasks = trial.tasks ?? [{ taskId: trial.taskId, startTime: trial.startTime, endTime: null }];
  const last = tasks[tasks.length - 1];
  if (last) last.endTime = trial.endTime;
  const taskId = `${tasks[0]?.taskId ?? trial.taskId}-${tasks.length}`;
  tasks.push({ taskId, startTime: rfc3339(nowMs), endTime: null });
  trial.tasks = tasks;
  trial.taskId = taskId;
}

function restartTrial(state: MockState, sim: ExperimentSim, tsim: TrialSim, plan: SearchPlan): void {
  const trial = state.trial(tsim.trialId);
  const t = state.timing;
  const start = sim.elapsed + t.queuedMs + t.pullingMs + t.startingMs;
  // A single-trial search re-reads its hyperparameters from the new config (the noop fixture's
  // actions); a multi-trial search keeps each trial's sampled ones.
  if (plan.searcherName === 'single') trial.hparams = plan.hparamSets[0] ?? trial.hparams;
  nextTask(trial, state.nowMs());
  Object.assign(trial, { restarts: 0, endTime: null, state: 'STATE_QUEUED' });
  tsim.stop = null;
  const actions = parseTrialScript(trial.hparams);
  if (actions !== null) {
    const previous = tsim.script;
    tsim.script = newScriptRun(actions, start, {
      lastCheckpoint: previous?.lastCheckpoint ?? null,
      runIdBase: previous === null ? tsim.runId : previous.runIdBase + previous.runs,
    });
    tsim.startElapsed = start;
    sim.slots[tsim.slot] = Number.POSITIVE_INFINITY;
  } else {
    // Learning-curve trials resume after their latest checkpoint.
    const resumeAt = Math.max(0, ...state.checkpointsOf({ trialId: trial.id }).map((c) => c.totalBatches));
    tsim.batches = Math.min(resumeAt, plan.maxLength);
    tsim.runId++;
    tsim.script = null;
    tsim.startElapsed = start - tsim.batches * t.msPerBatch;
    sim.slots[tsim.slot] = start + (plan.maxLength - tsim.batches) * t.msPerBatch;
  }
}

/** A simulation for an experiment that was seeded (not simulated so far): its trials as they are. */
function seededSim(state: MockState, exp: ExperimentRecord): ExperimentSim {
  let plan: SearchPlan;
  try {
    plan = planSearch(exp.config, state.seed + exp.id);
  } catch (e) {
    if (e instanceof ConfigError) throw invalidArgument(`invalid experiment configuration: ${e.message}`);
    throw e;
  }
  const trials = state.trialsOf(exp.id);
  const slots = Math.max(1, Math.min(plan.maxConcurrent, trials.length));
  return {
    experimentId: exp.id,
    plan: { ...plan, hparamSets: trials.map((t) => t.hparams) },
    elapsed: 0,
    lastSyncMs: state.nowMs(),
    nextIndex: trials.length,
    slots: Array.from({ length: slots }, () => 0),
    trials: trials.map((t, index) => ({
      trialId: t.id,
      index,
      slot: index % slots,
      startElapsed: 0,
      batches: t.totalBatchesProcessed,
      containerId: uuidFor(state.seed, exp.id, index, 13),
      stop: null,
      runId: t.restarts + 1,
      script: null,
    })),
    stop: null,
    warmStartCheckpointUuid: '',
  };
}

/**
 * ContinueExperiment as the master does it: a terminal experiment runs again with its config
 * merged with `override` (YAML). A single-trial experiment re-runs its trial; a search re-runs the
 * trials that did not complete (refused when every one did). Re-run trials keep their ids and
 * start times, restart from their latest checkpoint in a new task `<first task id>-N` with their
 * restarts zeroed; the experiment keeps its start time.
 */
export function continueExperiment(state: MockState, exp: ExperimentRecord, override: string): void {
  state.sync();
  if (!TERMINAL_EXPERIMENT_STATES.has(exp.state))
    throw failedPrecondition(
      `experiment in non terminal state '${exp.state.replace('STATE_', '')}', try again later`,
    );
  const sim = state.sims.get(exp.id) ?? seededSim(state, exp);
  const single = sim.plan.searcherName === 'single';
  const rerun = sim.trials.filter((t) => single || state.trials.get(t.trialId)?.state !== 'STATE_COMPLETED');
  if (exp.state === 'STATE_COMPLETED' && !single && rerun.length === 0)
    throw failedPrecondition('experiment has been completed, cannot continue this experiment');
  const plan = continuedPlan(state, exp, override);
  sim.plan = {
    ...plan,
    hparamSets: [...sim.plan.hparamSets, ...plan.hparamSets.slice(sim.plan.hparamSets.length)],
  };
  sim.stop = null;
  sim.lastSyncMs = state.nowMs();
  for (const tsim of rerun) restartTrial(state, sim, tsim, plan);
  state.sims.set(exp.id, sim);
  Object.assign(exp, { state: 'STATE_QUEUED', endTime: null, progress: 0 });
  state.sync();
}
