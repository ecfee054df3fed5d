import { seededUuid } from '../cluster/ids';
import { failedPrecondition, invalidArgument, notFound } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import type { MockState } from '../state/mock-state';
import {
  type ExperimentRecord,
  isJsonObject,
  type JsonObject,
  type TrialRecord,
  type TrialState,
} from '../state/records';
import { renderTrial } from '../state/render';
import { recordMetrics, recordTraining, recordValidation } from '../state/trial-events';
import { trialContext } from './trial-context';
import { body, ok, pathInt, pathStr } from './util';

const TERMINAL: ReadonlySet<string> = new Set(['STATE_COMPLETED', 'STATE_CANCELED', 'STATE_ERROR']);

/** Creates a trial of an experiment (unmanaged trials report everything themselves). */
export function createTrial(state: MockState, exp: ExperimentRecord, hparams: JsonObject): TrialRecord {
  const id = state.nextId('trial');
  const trial: TrialRecord = {
    id,
    experimentId: exp.id,
    startTime: state.nowIso(),
    endTime: null,
    state: 'STATE_ACTIVE',
    restarts: 0,
    hparams: structuredClone(hparams),
    totalBatchesProcessed: 0,
    bestValidation: null,
    latestValidation: null,
    bestCheckpointUuid: null,
    runnerState: '',
    wallClockTime: 0,
    warmStartCheckpointUuid: '',
    taskId: `${exp.id}.${seededUuid(state.seed, 'trial-task', id)}`,
    summaryMetrics: {},
    searcherMetricValue: null,
    logRetentionDays: null,
    derived: true,
    extra: {},
  };
  state.trials.set(id, trial);
  exp.trialIds.push(id);
  exp.numTrials = exp.trialIds.length;
  return trial;
}

function createFromBody(state: MockState, b: JsonObject): TrialRecord {
  const exp = state.experiment(Number(b.experimentId ?? 0));
  if (b.unmanaged === true && !exp.unmanaged)
    throw failedPrecondition('cannot create an unmanaged trial in a managed experiment');
  return createTrial(state, exp, isJsonObject(b.hparams) ? b.hparams : {});
}

function report(group: 'training' | 'validation' | null): Handler {
  return (req: MockRequest, { state }) => {
    const b = body(req);
    const metrics = (group === null ? b.metrics : b) as JsonObject;
    const pathParam = group === null ? 'metrics.trialId' : `${group}Metrics.trialId`;
    const trial = state.trial(pathInt(req, pathParam));
    if (Number(metrics.trialId ?? trial.id) !== trial.id)
      throw invalidArgument(
        `trial id in body (${String(metrics.trialId)}) does not match the path (${trial.id})`,
      );
    const values = ((metrics.metrics as JsonObject | undefined)?.avgMetrics ?? {}) as JsonObject;
    const steps = Number(metrics.stepsCompleted ?? 0);
    const atMs = typeof metrics.reportTime === 'string' ? Date.parse(metrics.reportTime) : state.nowMs();
    const name = group ?? String(b.group ?? '');
    if (name === '') throw invalidArgument('group is required');
    const c = trialContext(state, trial);
    // The reporting run: a later run's reports archive what they supersede (the master's rollback).
    if (typeof metrics.trialRunId === 'number') c.runId = metrics.trialRunId;
    if (name === 'training') recordTraining(c, steps, atMs, values as Record<string, number>);
    else if (name === 'validation') recordValidation(c, steps, atMs, values);
    else recordMetrics(c, { group: name, batches: steps, atMs, values });
    return ok({});
  };
}

function setTrialState(state: MockState, trial: TrialRecord, next: TrialState): void {
  if (TERMINAL.has(trial.state) && next !== trial.state)
    throw failedPrecondition(`trial ${trial.id} is in terminal state ${trial.state}`);
  trial.state = next;
  if (TERMINAL.has(next)) trial.endTime = state.nowIso();
  const exp = state.experiment(trial.experimentId);
  if (exp.unmanaged && TERMINAL.has(next) && state.trialsOf(exp.id).every((t) => TERMINAL.has(t.state))) {
    exp.state =
      next === 'STATE_COMPLETED'
        ? 'STATE_COMPLETED'
        : next === 'STATE_ERROR'
          ? 'STATE_ERROR'
          : 'STATE_CANCELED';
    exp.endTime = state.nowIso();
  }
}

/** What the harness and unmanaged (detached) trials report: trials, metrics, progress, runner state. */
export const trialReportingHandlers: Readonly<Record<string, Handler>> = {
  CreateTrial: (req, { state }) => ok({ trial: renderTrial(state, createFromBody(state, body(req))) }),
  PutTrial: (req, { state }) => {
    const b = body(req);
    const external = String(b.externalTrialId ?? '');
    const create = (isJsonObject(b.createTrialRequest) ? b.createTrialRequest : {}) as JsonObject;
    const key = `${String(create.experimentId ?? '')}/${external}`;
    const known = state.cluster.trialExtras.externalTrials.get(key);
    const trial = known !== undefined ? state.trial(known) : createFromBody(state, create);
    if (external !== '') state.cluster.trialExtras.externalTrials.set(key, trial.id);
    return ok({ trial: renderTrial(state, trial) });
  },
  GetTrialByExternalID: (req, { state }) => {
    const experimentId = state.cluster.trialExtras.externalExperiments.get(
      pathStr(req, 'externalExperimentId'),
    );
    const key = `${String(experimentId ?? '')}/${pathStr(req, 'externalTrialId')}`;
    const id = state.cluster.trialExtras.externalTrials.get(key);
    if (id === undefined)
      throw notFound(`trial with external id ${pathStr(req, 'externalTrialId')} not found`);
    return ok({ trial: renderTrial(state, state.trial(id)) });
  },
  PatchTrial: (req, { state }) => {
    const trial = state.trial(pathInt(req, 'trialId'));
    const next = body(req).state;
    if (typeof next === 'string' && next !== 'STATE_UNSPECIFIED')
      setTrialState(state, trial, next as TrialState);
    return ok({ trial: renderTrial(state, trial) });
  },
  StartTrial: (req, { state }) => {
    state.sync();
    const trial = state.trial(pathInt(req, 'trialId'));
    if (TERMINAL.has(trial.state)) throw failedPrecondition(`trial ${trial.id} has already exited`);
    if (trial.state === 'STATE_ACTIVE' || trial.state === 'STATE_QUEUED') trial.state = 'STATE_RUNNING';
    return ok({
      trialRunId: trial.restarts + 1,
      latestCheckpoint: trial.bestCheckpointUuid,
      stepsCompleted: trial.totalBatchesProcessed,
    });
  },
  RunPrepareForReporting: (req, { state }) => {
    state.trial(Number(body(req).runId ?? 0));
    return ok({ storageId: isJsonObject(body(req).checkpointStorage) ? 1 : null });
  },
  ReportTrialMetrics: report(null),
  ReportTrialTrainingMetrics: report('training'),
  ReportTrialValidationMetrics: report('validation'),
  ReportTrialProgress: (req, { state }) => {
    const trial = state.trial(pathInt(req, 'trialId'));
    const progress = Number(body(req).progress);
    if (!(progress >= 0)) throw invalidArgument(`invalid progress ${String(body(req).progress)}`);
    state.experiment(trial.experimentId).progress = Math.min(progress, 1);
    return ok({});
  },
  ReportTrialSearcherEarlyExit: (req, { state }) => {
    const trial = state.trial(pathInt(req, 'trialId'));
    const reason = String(
      (body(req).earlyExit as JsonObject | undefined)?.reason ?? 'EXITED_REASON_UNSPECIFIED',
    );
    state.cluster.trialExtras.earlyExits.set(trial.id, reason);
    return ok({});
  },
  PostTrialRunnerMetadata: (req, { state }) => {
    const trial = state.trial(pathInt(req, 'trialId'));
    trial.runnerState = String((body(req).metadata as JsonObject | undefined)?.state ?? '');
    return ok({});
  },
  PutTrialRetainLogs: (req, { state }) => {
    const trial = state.trial(pathInt(req, 'trialId'));
    const days = Number(body(req).numDays);
    if (!Number.isInteger(days) || days < -1)
      throw invalidArgument('number of days must be -1 or a non-negative integer');
    trial.logRetentionDays = days;
    return ok({});
  },
  GetTrialRemainingLogRetentionDays: (req, { state }) => {
    const trial = state.trial(pathInt(req, 'id'));
    const days = trial.logRetentionDays;
    if (days === null || days < 0 || trial.endTime === null)
      return ok({ remainingDays: days === null ? null : days });
    const elapsed = Math.max(Math.floor((state.nowMs() - Date.parse(trial.endTime)) / 86_400_000), 0);
    return ok({ remainingDays: Math.max(days - elapsed, 0) });
  },
};
