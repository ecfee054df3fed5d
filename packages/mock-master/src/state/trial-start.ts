import { rfc3339 } from './clock';
import type { ExperimentRecord, TrialRecord } from './records';
import { newScriptRun } from './scripted-run';
import { runStart, trialDuration } from './sim-phases';
import type { ExperimentSim, SimHost, TrialSim } from './sim-types';
import { uuidFor } from './trial-events';
import { parseTrialScript } from './trial-script';

/** Creates the trials whose concurrency slot is free by active time `until` (QUEUED until they run). */
export function startDueTrials(
  host: SimHost,
  exp: ExperimentRecord,
  sim: ExperimentSim,
  until: number,
  wallOf: (e: number) => number,
): void {
  while (sim.nextIndex < sim.plan.hparamSets.length) {
    let slot = 0;
    for (let i = 1; i < sim.slots.length; i++) if ((sim.slots[i] ?? 0) < (sim.slots[slot] ?? 0)) slot = i;
    const admitElapsed = sim.slots[slot] ?? 0;
    if (admitElapsed > until) return;
    const startElapsed = Math.max(admitElapsed, runStart(host));
    // A scripted trial holds its slot until its script ends (advanceTrial frees it).
    const scripted = parseTrialScript(sim.plan.hparamSets[sim.nextIndex] ?? {}) !== null;
    sim.slots[slot] = scripted ? Number.POSITIVE_INFINITY : startElapsed + trialDuration(host, sim);
    startTrial(host, exp, sim, { slot, startElapsed, atMs: wallOf(admitElapsed) });
  }
}

function startTrial(
  host: SimHost,
  exp: ExperimentRecord,
  sim: ExperimentSim,
  at: { slot: number; startElapsed: number; atMs: number },
): void {
  const index = sim.nextIndex++;
  const id = host.nextId('trial');
  const taskId = `${exp.id}.${uuidFor(host.seed, exp.id, index, 11)}`;
  const trial: TrialRecord = {
    id,
    experimentId: exp.id,
    startTime: rfc3339(at.atMs),
    endTime: null,
    state: 'STATE_QUEUED',
    restarts: 0,
    hparams: sim.plan.hparamSets[index] ?? {},
    totalBatchesProcessed: 0,
    bestValidation: null,
    latestValidation: null,
    bestCheckpointUuid: null,
    runnerState: 'training',
    wallClockTime: 0,
    warmStartCheckpointUuid: sim.warmStartCheckpointUuid,
    taskId,
    tasks: [{ taskId, startTime: rfc3339(at.atMs), endTime: null }],
    summaryMetrics: {},
    searcherMetricValue: null,
    logRetentionDays: null,
    derived: true,
    extra: {},
  };
  host.trials.set(id, trial);
  exp.trialIds.push(id);
  const tsim: TrialSim = {
    trialId: id,
    index,
    slot: at.slot,
    startElapsed: at.startElapsed,
    batches: 0,
    containerId: uuidFor(host.seed, exp.id, index, 13),
    stop: null,
    script: null,
    runId: 1,
  };
  const actions = parseTrialScript(trial.hparams);
  if (actions !== null) tsim.script = newScriptRun(actions, at.startElapsed);
  sim.trials.push(tsim);
  const master = { trialId: id, atMs: at.atMs };
  host.logs.add({
    ...master,
    log: `Scheduling Trial ${id} (Experiment ${exp.id}) (id: ${taskId.split('.')[1] ?? taskId})`,
  });
  host.logs.add({ ...master, log: `Trial ${id} (Experiment ${exp.id}) was assigned to an agent` });
  host.logs.add({
    ...master,
    log: `Resources for Trial ${id} (Experiment ${exp.id}) have started`,
    containerId: tsim.containerId,
    agentId: 'mock-agent',
  });
}
