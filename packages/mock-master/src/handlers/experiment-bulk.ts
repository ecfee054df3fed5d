import type { Wire } from '../cluster/types';
import { failedPrecondition, invalidArgument, MockHttpError } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import { applyAction, type ExperimentAction, setArchived } from '../state/lifecycle';
import type { MockState } from '../state/mock-state';
import type { ExperimentRecord, JsonObject } from '../state/records';
import { TERMINAL_EXPERIMENT_STATES } from '../state/records';
import { body, ok, pathInt, userOf } from './util';

type Filters = Wire['v1BulkExperimentFilters'];

/** Experiment states the master stores as ACTIVE (the API refines them from the trials). */
const ACTIVE_STATES: ReadonlySet<string> = new Set([
  'STATE_ACTIVE',
  'STATE_QUEUED',
  'STATE_PULLING',
  'STATE_STARTING',
  'STATE_RUNNING',
]);

/** The states a bulk action's filters select when they name none, as the master's bulk actions. */
export type BulkKind = ExperimentAction | 'archive' | 'unarchive' | 'delete' | 'other';

function defaultStates(kind: BulkKind): ((exp: ExperimentRecord) => boolean) | null {
  switch (kind) {
    case 'pause':
      return (e) => ACTIVE_STATES.has(e.state);
    case 'activate':
      return (e) => e.state === 'STATE_PAUSED';
    case 'cancel':
    case 'kill':
      return (e) => !TERMINAL_EXPERIMENT_STATES.has(e.state);
    case 'archive':
    case 'delete':
      return (e) => TERMINAL_EXPERIMENT_STATES.has(e.state);
    default:
      return null;
  }
}

function matches(exp: ExperimentRecord, f: Filters, kind: BulkKind): boolean {
  const has = (text: string, needle: string | null | undefined) =>
    !needle || text.toLowerCase().includes(needle.toLowerCase());
  const states = f.states ?? [];
  const inState =
    states.length > 0
      ? states.some((s) => s === exp.state || (s === 'STATE_ACTIVE' && ACTIVE_STATES.has(exp.state)))
      : (defaultStates(kind)?.(exp) ?? true);
  return (
    has(exp.name, f.name) &&
    has(exp.description, f.description) &&
    (f.labels ?? []).every((l) => exp.labels.includes(l)) &&
    (f.archived === undefined || f.archived === null || exp.archived === f.archived) &&
    inState &&
    ((f.userIds ?? []).length === 0 || (f.userIds ?? []).includes(exp.userId)) &&
    (!f.projectId || exp.projectId === f.projectId) &&
    !(f.excludedExperimentIds ?? []).includes(exp.id)
  );
}

/** The master's project id of bulk actions that affect experiments of every project. */
const GLOBAL_PROJECT_ID = -1;

/**
 * The experiments a bulk request names: its ids, or every experiment its filters match (the
 * action's default states when they name none), in the path's project (`-1`: every project).
 */
export function selectExperiments(state: MockState, req: MockRequest, kind: BulkKind = 'other'): Selection {
  const b = body(req);
  const projectId = pathInt(req, 'projectId');
  const inProject = (e: ExperimentRecord) => projectId === GLOBAL_PROJECT_ID || e.projectId === projectId;
  const filters = (b.filters ?? null) as Filters | null;
  if (filters !== null) {
    const ids = [...state.experiments.values()]
      .filter((e) => inProject(e) && matches(e, filters, kind))
      .map((e) => e.id)
      .sort((a, x) => a - x);
    return { ids, visible: inProject };
  }
  return { ids: (Array.isArray(b.experimentIds) ? b.experimentIds : []).map(Number), visible: inProject };
}

/** The experiment ids of a bulk request, and which experiments its project lets it see. */
export interface Selection {
  ids: readonly number[];
  visible: (exp: ExperimentRecord) => boolean;
}

/** Runs `act` on each experiment, collecting a result per id like the master's bulk actions. */
export function eachExperiment(
  state: MockState,
  selection: Selection,
  act: (exp: ExperimentRecord) => void,
): Wire['v1ExperimentActionResult'][] {
  state.sync();
  return selection.ids.map((id) => {
    const exp = state.experiments.get(id);
    if (!exp || !selection.visible(exp)) return { id, error: 'Not Found' };
    try {
      act(exp);
      return { id, error: '' };
    } catch (error) {
      if (error instanceof MockHttpError) return { id, error: error.message };
      throw error;
    }
  });
}

function bulkAction(kind: ExperimentAction): Handler {
  return (req, { state }) => {
    const results = eachExperiment(state, selectExperiments(state, req, kind), (exp) =>
      applyAction(state, exp, state.sims.get(exp.id), kind, state.nowMs()),
    );
    return ok({ results });
  };
}

function bulkArchive(archived: boolean): Handler {
  return (req, { state }) =>
    ok({
      results: eachExperiment(
        state,
        selectExperiments(state, req, archived ? 'archive' : 'unarchive'),
        (exp) => setArchived(exp, archived),
      ),
    });
}

/** Sets the log retention of every trial of an experiment (-1: forever). */
export function retainLogs(state: MockState, exp: ExperimentRecord, days: number): void {
  if (!Number.isInteger(days) || days < -1)
    throw invalidArgument('number of days must be -1 or a non-negative integer');
  for (const trial of state.trialsOf(exp.id)) trial.logRetentionDays = days;
}

/** Bulk experiment actions of a project, experiment labels, log retention. */
export const experimentBulkHandlers: Readonly<Record<string, Handler>> = {
  ActivateExperiments: bulkAction('activate'),
  PauseExperiments: bulkAction('pause'),
  CancelExperiments: bulkAction('cancel'),
  KillExperiments: bulkAction('kill'),
  ArchiveExperiments: bulkArchive(true),
  UnarchiveExperiments: bulkArchive(false),
  DeleteExperiments: (req, { state }) => {
    const user = userOf(req);
    const results = eachExperiment(state, selectExperiments(state, req, 'delete'), (exp) => {
      if (!user.admin && user.id !== exp.userId)
        throw new MockHttpError(403, 7, `user ${user.username} may not delete experiment ${exp.id}`);
      if (!TERMINAL_EXPERIMENT_STATES.has(exp.state) && exp.state !== 'STATE_DELETE_FAILED')
        throw failedPrecondition(`cannot delete experiment ${exp.id} in non-terminal state ${exp.state}`);
      state.requestDelete(exp.id);
    });
    return ok({ results });
  },
  MoveExperiments: (req, { state }) => {
    const destination = state.project(Number(body(req).destinationProjectId));
    if (destination.archived) throw failedPrecondition(`project (${destination.id}) is archived`);
    const results = eachExperiment(state, selectExperiments(state, req), (exp) => {
      exp.projectId = destination.id;
      exp.projectOwnerId = destination.userId;
    });
    return ok({ results });
  },
  PutExperimentsRetainLogs: (req, { state }) => {
    const days = Number(body(req).numDays);
    return ok({
      results: eachExperiment(state, selectExperiments(state, req), (exp) => retainLogs(state, exp, days)),
    });
  },
  PutExperimentRetainLogs: (req, { state }) => {
    retainLogs(state, state.experiment(pathInt(req, 'experimentId')), Number(body(req).numDays));
    return ok({});
  },
  GetExperimentLabels: (req, { state }) => {
    const projectId = Number(req.query.projectId ?? 0);
    const counts = new Map<string, number>();
    for (const exp of state.experiments.values()) {
      if (projectId && exp.projectId !== projectId) continue;
      for (const label of exp.labels) counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    const labels = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([l]) => l);
    return ok({ labels });
  },
};

/** An experiment config object of a request (`{}` when absent). */
export function configOf(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}
