import { rfc3339 } from './clock';
import type { JsonObject } from './records';
import {
  recordCheckpoint,
  recordMetrics,
  recordTraining,
  recordValidation,
  type TrialEventContext,
  uuidFor,
} from './trial-events';
import {
  logLevelName,
  readMetrics,
  type ScriptAction,
  type ScriptRun,
  type ScriptStep,
} from './trial-script';

export type { ScriptRun } from './trial-script';

/** A scripted trial's context: the trial's events plus the config's `max_restarts`. */
export interface ScriptContext extends TrialEventContext {
  maxRestarts: number;
  /** Virtual ms one report, checkpoint or log takes. */
  stepMs: number;
  /** Virtual ms from a failed runner to its replacement. */
  restartMs: number;
}

/** Where a continued trial resumes: its latest checkpoint's state and how many runners it had. */
export interface ScriptResume {
  lastCheckpoint: ScriptRun['lastCheckpoint'];
  runIdBase: number;
}

/** A script about to start its first runner at active time `startElapsed` (resuming a continued trial). */
export function newScriptRun(
  actions: readonly ScriptStep[],
  startElapsed: number,
  resume: ScriptResume = { lastCheckpoint: null, runIdBase: 0 },
): ScriptRun {
  return {
    actions,
    next: 0,
    steps: 0,
    atElapsed: startElapsed,
    runs: 0,
    runIdBase: resume.runIdBase,
    lastCheckpoint: resume.lastCheckpoint,
    finishedAt: null,
  };
}

function workerLog(c: ScriptContext, atMs: number, text: string, level = 20): void {
  // The python logging line `LEVEL: [pid] name: msg`, after the master's log shipper moved the
  // level out of the text into the record's `level` (ship_logs.py).
  const wire = logLevelName(level);
  c.host.logs.add({
    trialId: c.trial.id,
    atMs,
    log: `[${1000 + c.trial.id}] root: ${text}`,
    level: wire,
    containerId: c.containerId,
    agentId: 'mock-agent',
    rankId: 0,
  });
}

function startRunner(c: ScriptContext, run: ScriptRun, atMs: number): void {
  run.runs++;
  // Like the noop fixture's load_state(): resume after the latest checkpoint of this trial.
  run.next = run.lastCheckpoint === null ? 0 : run.lastCheckpoint.actionId + 1;
  run.steps = run.lastCheckpoint?.steps ?? 0;
  c.trial.state = 'STATE_RUNNING';
  workerLog(
    c,
    atMs,
    `New trial runner in (container ${c.containerId}) on agent mock-agent: ${JSON.stringify({ trial_id: c.trial.id, restarts: c.trial.restarts })}.`,
  );
}

function reportMetrics(
  c: ScriptContext,
  run: ScriptRun,
  action: { group: string; metrics: unknown },
  atMs: number,
) {
  const metrics = readMetrics(action.metrics);
  const values: JsonObject =
    typeof metrics === 'object' && metrics !== null && !Array.isArray(metrics) ? (metrics as JsonObject) : {};
  if (action.group === 'training') {
    run.steps++;
    recordTraining(c, run.steps, atMs, values);
  } else if (action.group === 'validation') {
    recordValidation(c, run.steps, atMs, values);
  } else {
    recordMetrics(c, { group: action.group, batches: run.steps, atMs, values });
  }
}

/** Ends the current runner with `code`: the trial completes, restarts, or errors. */
function exitRunner(c: ScriptContext, run: ScriptRun, code: number, elapsed: number, atMs: number): void {
  const master = { trialId: c.trial.id, atMs };
  if (code === 0) {
    run.finishedAt = elapsed;
    c.trial.state = 'STATE_COMPLETED';
    c.trial.endTime = rfc3339(atMs);
    c.host.logs.add({
      ...master,
      log: `Trial ${c.trial.id} (Experiment ${c.exp.id}) was terminated: allocation stopped after resources exited successfully with a zero exit code`,
    });
    return;
  }
  c.host.logs.add({
    ...master,
    log: `Trial ${c.trial.id} (Experiment ${c.exp.id}) was terminated: allocation failed: resources failed with non-zero exit code: container failed with non-zero exit code: ${code} (exit code ${code})`,
    level: 'LOG_LEVEL_ERROR',
  });
  if (c.trial.restarts < c.maxRestarts) {
    c.trial.restarts++;
    run.atElapsed = elapsed + c.restartMs;
    return;
  }
  run.finishedAt = elapsed;
  c.trial.state = 'STATE_ERROR';
  c.trial.endTime = rfc3339(atMs);
}

/** Runs one action at `atMs`; returns the exit code when the runner exits, else null. */
function runAction(c: ScriptContext, run: ScriptRun, step: ScriptStep, atMs: number): number | null {
  const actionId = run.next;
  const action: ScriptAction = step.action;
  workerLog(c, atMs, `executing ${step.text}`);
  switch (action.kind) {
    case 'exit':
      return action.code;
    case 'invalid':
      workerLog(c, atMs, `ValueError: unexpected action type: ${action.text}`, 40);
      return 1;
    case 'sleep':
      run.atElapsed += action.seconds * 1000;
      return null;
    case 'log':
      workerLog(c, atMs, action.message, action.level);
      return null;
    case 'report':
      reportMetrics(c, run, action, atMs);
      return null;
    case 'checkpoint': {
      const uuid = uuidFor(c.host.seed, c.exp.id, c.index, run.runs, actionId, 17);
      const metadata = { determined_version: '0.38.1', steps_completed: run.steps };
      recordCheckpoint(c, run.steps, atMs, {
        uuid,
        // The Core API's store_path writes metadata.json beside the fixture's state file.
        files: {
          'metadata.json': JSON.stringify(metadata, null, 2),
          state: `${actionId},${run.steps},${c.trial.id}`,
        },
        metadata,
      });
      run.lastCheckpoint = { actionId, steps: run.steps };
      return null;
    }
  }
}

/**
 * Carries out a scripted trial's actions up to active time `until`: reports, checkpoints, logs
 * and sleeps on the virtual clock, `exit` (or the end of the script) ends the runner, and a
 * non-zero exit restarts the trial from its latest checkpoint while `max_restarts` allows.
 */
export function advanceScriptedRun(
  c: ScriptContext,
  run: ScriptRun,
  until: number,
  wallOf: (elapsed: number) => number,
): void {
  while (run.finishedAt === null && run.atElapsed <= until) {
    const elapsed = run.atElapsed;
    const atMs = wallOf(elapsed);
    if (run.runs <= c.trial.restarts) startRunner(c, run, atMs);
    c.runId = run.runIdBase + run.runs;
    const step = run.actions[run.next];
    if (step === undefined) {
      exitRunner(c, run, 0, elapsed, atMs);
      break;
    }
    run.atElapsed += c.stepMs;
    const code = runAction(c, run, step, atMs);
    run.next++;
    c.trial.wallClockTime = (atMs - Date.parse(c.trial.startTime)) / 1000;
    if (code !== null) exitRunner(c, run, code, elapsed, atMs);
  }
}
