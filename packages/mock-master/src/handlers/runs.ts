import type { Wire } from '../cluster/types';
import { failedPrecondition, MockHttpError } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import { deepMerge } from '../state/experiment-config';
import { applyAction, type ExperimentAction, killTrial } from '../state/lifecycle';
import type { MockState } from '../state/mock-state';
import { isJsonObject, TERMINAL_EXPERIMENT_STATES, type TrialRecord } from '../state/records';
import { pageOf } from './paging';
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
    state: trial.state as Wire['trialv1State'],
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

function eachRun(
  state: MockState,
  req: MockRequest,
  act: (trial: TrialRecord) => void,
): Wire['v1RunActionResult'][] {
  state.sync();
  const ids = (Array.isArray(body(req).runIds) ? (body(req).runIds as unknown[]) : []).map(Number);
  return ids.map((id) => {
    const trial = state.trials.get(id);
    if (!trial) return { id, error: 'Run not found' };
    try {
      act(trial);
      return { id, error: '' };
    } catch (error) {
      if (error instanceof MockHttpError) return { id, error: error.message };
      throw error;
    }
  });
}

function singleTrialAction(state: MockState, trial: TrialRecord, action: ExperimentAction): void {
  const exp = state.experiment(trial.experimentId);
  if (exp.trialIds.length > 1)
    throw failedPrecondition(`cannot ${action} a run of multi-trial experiment ${exp.id}`);
  applyAction(state, exp, state.sims.get(exp.id), action, state.nowMs());
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
    const projectId = typeof b.projectId === 'number' && b.projectId > 0 ? b.projectId : null;
    const trials = [...state.trials.values()]
      .filter((t) => projectId === null || state.experiments.get(t.experimentId)?.projectId === projectId)
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
  PauseRuns: (req, { state }) =>
    ok({ results: eachRun(state, req, (t) => singleTrialAction(state, t, 'pause')) }),
  ResumeRuns: (req, { state }) =>
    ok({ results: eachRun(state, req, (t) => singleTrialAction(state, t, 'activate')) }),
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
