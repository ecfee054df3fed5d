import { invalidArgument } from '../errors';
import type { MockState } from '../state/mock-state';
import { isJsonObject, type JsonObject, type TrialRecord } from '../state/records';

/** Trial states the runs table stores as ACTIVE (the trials API refines them from the allocation). */
const ACTIVE_RUN_STATES: ReadonlySet<string> = new Set([
  'STATE_ACTIVE',
  'STATE_QUEUED',
  'STATE_PULLING',
  'STATE_STARTING',
  'STATE_RUNNING',
]);

/** A run's state as the runs table has it: ACTIVE while a managed trial is queued or runs. */
export function runState(state: MockState, trial: TrialRecord): TrialRecord['state'] {
  const unmanaged = state.experiments.get(trial.experimentId)?.unmanaged === true;
  return !unmanaged && ACTIVE_RUN_STATES.has(trial.state) ? 'STATE_ACTIVE' : trial.state;
}

type Value = string | number | boolean | null | undefined | readonly unknown[];

function num(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}

/** The columns of LOCATION_TYPE_RUN (and LOCATION_TYPE_EXPERIMENT) the master's run filter knows. */
function runColumn(state: MockState, trial: TrialRecord, column: string): Value {
  const exp = state.experiment(trial.experimentId);
  const project = state.project(exp.projectId);
  const searcher = isJsonObject(exp.config.searcher) ? exp.config.searcher : {};
  const resources = isJsonObject(exp.config.resources) ? exp.config.resources : {};
  const checkpoints = state.checkpointsOf({ trialId: trial.id }).filter((c) => c.state !== 'STATE_DELETED');
  const end = trial.endTime === null ? state.nowMs() : Date.parse(trial.endTime);
  const columns: Record<string, () => Value> = {
    id: () => trial.id,
    experimentDescription: () => exp.description,
    experimentName: () => exp.name,
    tags: () => exp.labels,
    searcherType: () => String(searcher.name ?? ''),
    searcherMetric: () => String(searcher.metric ?? ''),
    startTime: () => trial.startTime,
    endTime: () => trial.endTime,
    duration: () => (end - Date.parse(trial.startTime)) / 1000,
    state: () => runState(state, trial).replace(/^STATE_/, ''),
    experimentProgress: () => Math.round((exp.progress ?? 0) * 100),
    user: () => exp.userId,
    forkedFrom: () => exp.forkedFrom,
    resourcePool: () => String(resources.resource_pool ?? exp.resourcePool),
    projectId: () => exp.projectId,
    checkpointSize: () =>
      checkpoints.reduce((n, c) => n + Object.values(c.resources).reduce((m, v) => m + Number(v), 0), 0),
    checkpointCount: () => checkpoints.length,
    searcherMetricsVal: () => trial.searcherMetricValue,
    externalExperimentId: () => null,
    externalRunId: () => null,
    experimentId: () => exp.id,
    localId: () => `${project.key}-${trial.id}`,
    isExpMultitrial: () => searcher.name !== 'single',
    parentArchived: () => project.archived || state.workspace(project.workspaceId).archived,
  };
  const read = columns[column];
  if (!read) throw invalidArgument(`invalid run column ${column}`);
  return read();
}

function pathValue(root: unknown, path: string): Value {
  let cur: unknown = root;
  for (const key of path.split('.')) {
    if (!isJsonObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur as Value;
}

/** `validation.loss` → the last reported value in the trial's summary metrics. */
function metricValue(trial: TrialRecord, location: string, column: string): Value {
  const dot = column.indexOf('.');
  const group = dot < 0 ? '' : column.slice(0, dot);
  const name = dot < 0 ? column : column.slice(dot + 1);
  const key =
    location === 'LOCATION_TYPE_VALIDATIONS' || group === 'validation'
      ? 'validation_metrics'
      : location === 'LOCATION_TYPE_TRAINING' || group === 'training'
        ? 'avg_metrics'
        : group;
  const summary = trial.summaryMetrics[key];
  const entry = isJsonObject(summary) ? summary[name] : undefined;
  return isJsonObject(entry) ? (entry.last as Value) : undefined;
}

function compare(actual: Value, operator: string, expected: unknown): boolean {
  const empty =
    actual === null ||
    actual === undefined ||
    actual === '' ||
    (Array.isArray(actual) && actual.length === 0);
  if (operator === 'isEmpty') return empty;
  if (operator === 'notEmpty') return !empty;
  if (actual === undefined || actual === null) return operator === '!=' && expected !== null;
  if (operator === 'contains' || operator === 'notContains') {
    const text = Array.isArray(actual) ? actual.map(String) : String(actual);
    const has = Array.isArray(text) ? text.includes(String(expected)) : text.includes(String(expected));
    return operator === 'contains' ? has : !has;
  }
  const a =
    num(actual) ?? (typeof actual === 'string' && typeof expected === 'number' ? Date.parse(actual) : null);
  const b = num(expected);
  if (a !== null && b !== null) {
    switch (operator) {
      case '=':
        return a === b;
      case '!=':
        return a !== b;
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      case '>':
        return a > b;
      case '>=':
        return a >= b;
    }
  }
  const sa = String(actual);
  const sb = String(expected);
  switch (operator) {
    case '=':
      return sa === sb;
    case '!=':
      return sa !== sb;
    case '<':
      return sa < sb;
    case '<=':
      return sa <= sb;
    case '>':
      return sa > sb;
    case '>=':
      return sa >= sb;
    default:
      throw invalidArgument(`invalid operator ${operator}`);
  }
}

function matchesNode(state: MockState, trial: TrialRecord, node: JsonObject): boolean {
  if (node.kind === 'group') {
    const children = Array.isArray(node.children) ? node.children.filter(isJsonObject) : [];
    if (children.length === 0) return true;
    const results = children.map((child) => matchesNode(state, trial, child));
    return node.conjunction === 'or' ? results.some(Boolean) : results.every(Boolean);
  }
  if (node.kind !== 'field') throw invalidArgument(`invalid filter kind ${String(node.kind)}`);
  const column = String(node.columnName ?? '');
  const operator = node.operator;
  if (typeof operator !== 'string') throw invalidArgument('field specified with value but no operator');
  const location = String(node.location ?? 'LOCATION_TYPE_RUN');
  let actual: Value;
  if (location === 'LOCATION_TYPE_RUN' || location === 'LOCATION_TYPE_EXPERIMENT')
    actual = runColumn(state, trial, column);
  else if (location === 'LOCATION_TYPE_RUN_HYPERPARAMETERS' || location === 'LOCATION_TYPE_HYPERPARAMETERS')
    actual = pathValue(trial.hparams, column.replace(/^hp\./, ''));
  else if (location === 'LOCATION_TYPE_RUN_METADATA')
    actual = pathValue(
      state.cluster.trialExtras.runMetadata.get(trial.id) ?? {},
      column.replace(/^metadata\./, ''),
    );
  else actual = metricValue(trial, location, column);
  return compare(actual, operator, node.value);
}

/**
 * The master's run filter (`experimentFilterRoot` JSON of SearchRuns and the bulk run actions):
 * a tree of `group`s (`and` / `or`) and `field`s on run columns, hyperparameters, metadata and
 * metrics; archived runs only with `showArchived`. Returns a predicate; bad JSON is InvalidArgument.
 */
export function runFilter(state: MockState, text: string): (trial: TrialRecord) => boolean {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    throw invalidArgument(`invalid run filter: ${(e as Error).message}`);
  }
  if (!isJsonObject(root)) throw invalidArgument('invalid run filter: expected a JSON object');
  const group = isJsonObject(root.filterGroup) ? root.filterGroup : { kind: 'group', children: [] };
  const showArchived = root.showArchived === true;
  return (trial) => {
    const exp = state.experiment(trial.experimentId);
    if (!showArchived && (exp.archived || state.cluster.trialExtras.archivedRuns.has(trial.id))) return false;
    return matchesNode(state, trial, group);
  };
}
