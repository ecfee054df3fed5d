import { isJsonObject, type JsonObject } from './records';

/**
 * One step of a scripted trial, as Determined's `noop` e2e fixture (`e2e_tests/tests/fixtures/noop`)
 * reads it from `hyperparameters.actions`.
 */
export type ScriptAction =
  | { kind: 'report'; group: string; metrics: unknown }
  | { kind: 'checkpoint' }
  | { kind: 'log'; message: string; level: number }
  | { kind: 'sleep'; seconds: number }
  | { kind: 'exit'; code: number }
  /** An action the fixture does not know: it raises ValueError, so the trial exits with code 1. */
  | { kind: 'invalid'; text: string };

function parseAction(action: JsonObject): ScriptAction {
  const text = JSON.stringify(action);
  switch (action.action) {
    case 'report':
      return typeof action.group === 'string'
        ? { kind: 'report', group: action.group, metrics: action.metrics }
        : { kind: 'invalid', text };
    case 'checkpoint':
      return { kind: 'checkpoint' };
    case 'log': {
      if (typeof action.base64 !== 'string') return { kind: 'invalid', text };
      const level = typeof action.level === 'number' ? action.level : 20;
      return { kind: 'log', message: Buffer.from(action.base64, 'base64').toString('utf8'), level };
    }
    case 'sleep':
      return typeof action.time === 'number' && action.time >= 0
        ? { kind: 'sleep', seconds: action.time }
        : { kind: 'invalid', text };
    case 'exit':
      return { kind: 'exit', code: typeof action.code === 'number' ? Math.trunc(action.code) : 0 };
    default:
      return { kind: 'invalid', text };
  }
}

/** One action of a script with the text of the dict it came from (the fixture logs `executing <dict>`). */
export interface ScriptStep {
  action: ScriptAction;
  text: string;
}

/** Where a scripted trial is in its script (the noop fixture's `main()` loop, on the virtual clock). */
export interface ScriptRun {
  readonly actions: readonly ScriptStep[];
  /** Index of the next action. */
  next: number;
  /** The fixture's `steps_completed` (one per training report). */
  steps: number;
  /** Experiment-active time at which the next action runs. */
  atElapsed: number;
  /** How many runners of this script have started (1 + restarts). */
  runs: number;
  /** Runners of the trial before this script (earlier runs of a continued trial): trial run ids follow them. */
  runIdBase: number;
  /** The latest checkpoint's `state` file: the action it was taken at and the steps then. */
  lastCheckpoint: { actionId: number; steps: number } | null;
  /** Active time at which the trial ended (completed or errored); null while it runs. */
  finishedAt: number | null;
}

/**
 * The script of a trial whose hyperparameters carry `actions` in the noop fixture's shape (a dict
 * `"1"`, `"2"`, ... of `{"action": ...}`), in the fixture's order (keys sorted as integers); null
 * for any other hyperparameters, whose trials follow the seeded learning curves.
 */
export function parseTrialScript(hparams: JsonObject): ScriptStep[] | null {
  const actions = hparams.actions;
  if (!isJsonObject(actions)) return null;
  // An empty dict is the fixture with no actions (noop.create_experiment(sess)): it exits at once.
  const entries = Object.entries(actions);
  const scripted = entries.every(
    ([key, value]) => /^\d+$/.test(key) && isJsonObject(value) && typeof value.action === 'string',
  );
  if (!scripted) return null;
  return entries
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, value]) => ({ action: parseAction(value as JsonObject), text: pythonRepr(value) }));
}

/** A JSON value as Python's repr of the decoded dict prints it (`{'action': 'report', ...}`). */
function pythonRepr(value: unknown): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (isJsonObject(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** The fixture's `read_metrics`: `"nan"` is NaN, numbers and numeric strings are floats, lists and dicts recurse. */
export function readMetrics(metrics: unknown): unknown {
  if (metrics === 'nan') return Number.NaN;
  if (typeof metrics === 'number') return metrics;
  if (typeof metrics === 'string') return Number(metrics);
  if (Array.isArray(metrics)) return metrics.map(readMetrics);
  if (isJsonObject(metrics)) {
    return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, readMetrics(v)]));
  }
  throw new Error(`unexpected metrics: ${JSON.stringify(metrics)}`);
}

/** The master's log level of a Python logging level (the fixture logs at `action.level`). */
export function logLevelName(level: number): string {
  if (level >= 50) return 'LOG_LEVEL_CRITICAL';
  if (level >= 40) return 'LOG_LEVEL_ERROR';
  if (level >= 30) return 'LOG_LEVEL_WARNING';
  if (level >= 20) return 'LOG_LEVEL_INFO';
  return 'LOG_LEVEL_DEBUG';
}
