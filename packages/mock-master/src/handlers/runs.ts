import type { Wire } from '../cluster/types';
import { failedPrecondition, MockHttpError } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import { deepMerge } from '../state/experiment-config';
import { applyAction, killTrial } from '../state/lifecycle';
import type { MockState } from '../state/mock-state';
import { isJsonObject, TERMINAL_EXPERIMENT_STATES, type TrialRecord } from '../state/records';
import { pageOf } from './paging';
import { runFilter, runState } from './run-filter';
import { body, ok, pathInt } from './util';

function flatRun(state: MockState, trial: TrialRecord): Wire['v1FlatRun'] {
  const exp = state.experiment(trial.experimentId);
  const project = state.project(exp.projectId);
  const workspace = state.workspace(project.workspaceId);
  const checkpoints = state.checkpointsOf({ trialId: trial.id }).filter((c) => c.state !== 'STATE_DELETED');
  const size = checkpoints.reduce(
    (n, c) => n + Object.values(c.resources).reduce((m, v) => m + Number(v), 0),
    0,
  );
  const end = trial.endTime === null ? state.nowMs() : Date.parse(trial.endTime);
  return {
    id: trial.id,
    startTime: trial.startTime,
    endTime: trial.endTime,
    state: runState(state, trial) as Wire['trialv1State'],
    labels: [...exp.labels],
    checkpointSize: String(size),
    checkpointCount: checkpoints.length,
    searcherMetricValue: trial.searcherMetricValue,
    externalRunId: null,
    hyperparameters: trial.hparams,
    summaryMetrics: trial.summaryMetrics,
    userId: exp.userId,
    duration: Math.max(end - Date.parse(trial.startTime), 0),
    projectId: project.id,
    projectName: project.name,
    workspaceId: workspace.id,
    workspaceName: workspace.name,
    parentArchived: project.archived || workspace.archived,
    experiment: {
      id: exp.id,
      searcherType: exp.searcherType,
      searcherMetric: exp.searcherMetric ?? '',
      forkedFrom: exp.forkedFrom,
      externalExperimentId: null,
      resourcePool: exp.resourcePool,
      progress: exp.progress ?? 0,
      description: exp.description,
      name: exp.name,
      unmanaged: exp.unmanaged,
      isMultitrial: exp.trialIds.length > 1,
      pachydermIntegration: null,
    },
    metadata: state.cluster.trialExtras.runMetadata.get(trial.id) ?? null,
    archived: exp.archived || state.cluster.trialExtras.archivedRuns.has(trial.id),
    localId: `${project.key}-${trial.id}`,
    logPolicyMatched: null,
  };
}

/** Whether a run is still in a project (its experiment and project exist). */
function listed(state: MockState, trial: TrialRecord): boolean {
  const exp = state.experiments.get(trial.experimentId);
  return exp !== undefined && state.projects.has(exp.projectId);
}

/** The runs a bulk request names: its `runIds`, or the runs its `filter` matches, in its project. */
function candidates(state: MockState, req: MockRequest): { runs: TrialRecord[]; missing: number[] } {
  state.sync();
  const b = body(req);
  // MoveRuns names its project `sourceProjectId`, the other bulk actions `projectId`.
  const projectId = Number(b.projectId ?? b.sourceProjectId ?? 0);
  const inProject = (t: TrialRecord) =>
    listed(state, t) && state.experiments.get(t.experimentId)?.projectId === projectId;
  if (typeof b.filter === 'string' && b.filter !== '') {
    const matches = runFilter(state, b.filter);
    const runs = [...state.trials.values()]
      .filter((t) => inProject(t) && matches(t))
      .sort((a, x) => a.id - x.id);
    return { runs, missing: [] };
  }
  const ids = (Array.isArray(b.runIds) ? (b.runIds as unknown[]) : []).map(Number);
  const runs: TrialRecord[] = [];
  const missing: number[] = [];
  for (const id of ids) {
    const trial = state.trials.get(id);
    if (trial && inProject(trial)) runs.push(trial);
    else missing.push(id);
  }
  return { runs, missing };
}

function eachRun(
  state: MockState,
  req: MockRequest,
  act: (trial: TrialRecord) => void,
): Wire['v1RunActionResult'][] {
  const { runs, missing } = candidates(state, req);
  const results = runs.map((trial) => {
    try {
      act(trial);
      return { id: trial.id, error: '' };
    } catch (error) {
      if (error instanceof MockHttpError) return { id: trial.id, error: error.message };
      throw error;
    }
  });
  return [...results, ...missing.map((id) => ({ id, error: `Run with id '${id}' not found` }))];
}

/** PauseRuns / ResumeRuns: only runs of single-trial experiments, through their experiment. */
function pauseResume(
  state: MockState,
  req: MockRequest,
  action: 'pause' | 'activate',
): Wire['v1RunActionResult'][] {
  const { runs, missing } = candidates(state, req);
  const projectId = Number(body(req).projectId ?? 0);
  const results = runs.map((trial) => {
    const exp = state.experiment(trial.experimentId);
    const project = state.project(exp.projectId);
    if (
      exp.archived ||
      project.archived ||
      state.workspace(project.workspaceId).archived ||
      state.cluster.trialExtras.archivedRuns.has(trial.id)
    )
      return { id: trial.id, error: 'Run is archived.' };
    const searcher = exp.config.searcher as { name?: unknown } | undefined;
    if (searcher?.name !== 'single')
      return { id: trial.id, error: `Cannot pause/unpause run '${trial.id}' (part of multi-trial).` };
    try {
      applyAction(state, exp, state.sims.get(exp.id), action, state.nowMs());
      return { id: trial.id, error: '' };
    } catch (error) {
      if (!(error instanceof MockHttpError)) throw error;
      const verb = action === 'pause' ? 'pause' : 'resume';
      return { id: trial.id, error: `Failed to ${verb} associated experiment: ${error.message}` };
    }
  });
  const notFound = missing.map((id) => ({
    id,
    error: `Run with id '${id}' not found in project with id '${projectId}'`,
  }));
  return [...results, ...notFound];
}

function archive(archived: boolean): Handler {
  return (req, { state }) =>
    ok({
      results: eachRun(state, req, (trial) => {
        if (archived && !['STATE_COMPLETED', 'STATE_CANCELED', 'STATE_ERROR'].includes(trial.state))
          throw failedPrecondition(`run ${trial.id} is not in a terminal state`);
        if (archived) state.cluster.trialExtras.archivedRuns.add(trial.id);
        else state.cluster.trialExtras.archivedRuns.delete(trial.id);
      }),
    });
}

/** Runs (the trials of the new runs view): search, bulk actions and metadata. */
export const runHandlers: Readonly<Record<string, Handler>> = {
  SearchRuns: (req, { state }) => {
    state.sync();
    const b = body(req);
    const projectId = typeof b.projectId === 'number' ? state.project(b.projectId).id : null;
    const matches = typeof b.filter === 'string' && b.filter !== '' ? runFilter(state, b.filter) : () => true;
    const trials = [...state.trials.values()]
      .filter(
        (t) =>
          listed(state, t) &&
          (projectId === null || state.experiments.get(t.experimentId)?.projectId === projectId),
      )
      .filter(matches)
      .sort((a, x) => a.id - x.id);
    const desc = typeof b.sort === 'string' && /=desc\b/i.test(b.sort);
    const ordered = desc ? trials.reverse() : trials;
    const { page, pagination } = pageOf(ordered, {
      ...req,
      query: { offset: b.offset ?? 0, limit: b.limit ?? 0 },
    });
    return ok({ runs: page.map((t) => flatRun(state, t)), pagination });
  },
  ArchiveRuns: archive(true),
  UnarchiveRuns: archive(false),
  KillRuns: (req, { state }) =>
    ok({
      results: eachRun(state, req, (trial) =>
        killTrial(state, state.sims.get(trial.experimentId), trial.id, state.nowMs()),
      ),
    }),
  PauseRuns: (req, { state }) => ok({ results: pauseResume(state, req, 'pause') }),
  ResumeRuns: (req, { state }) => ok({ results: pauseResume(state, req, 'activate') }),
  DeleteRuns: (req, { state }) =>
    ok({
      results: eachRun(state, req, (trial) => {
        const exp = state.experiment(trial.experimentId);
        if (exp.trialIds.length > 1)
          throw failedPrecondition(`cannot delete a run of multi-trial experiment ${exp.id}`);
        if (!TERMINAL_EXPERIMENT_STATES.has(exp.state))
          throw failedPrecondition(`run ${trial.id} is not in a terminal state`);
        state.requestDelete(exp.id);
      }),
    }),
  MoveRuns: (req, { state }) => {
    const b = body(req);
    const destination = state.project(Number(b.destinationProjectId));
    if (destination.archived) throw failedPrecondition(`project (${destination.id}) is archived`);
    const results = eachRun(state, req, (trial) => {
      const exp = state.experiment(trial.experimentId);
      if (exp.trialIds.length > 1 && b.skipMultitrial !== true)
        throw failedPrecondition(`cannot move a run of multi-trial experiment ${exp.id}`);
      if (exp.trialIds.length > 1) return;
      exp.projectId = destination.id;
      exp.projectOwnerId = destination.userId;
    });
    return ok({ results });
  },
  GetRunMetadata: (req, { state }) => {
    const trial = state.trial(pathInt(req, 'runId'));
    return ok({ metadata: state.cluster.trialExtras.runMetadata.get(trial.id) ?? null });
  },
  PostRunMetadata: (req, { state }) => {
    const trial = state.trial(pathInt(req, 'runId'));
    const incoming = body(req).metadata;
    const merged = deepMerge(
      state.cluster.trialExtras.runMetadata.get(trial.id) ?? {},
      isJsonObject(incoming) ? incoming : {},
    );
    state.cluster.trialExtras.runMetadata.set(trial.id, merged);
    return ok({ metadata: merged });
  },
};
