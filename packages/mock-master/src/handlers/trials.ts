import { invalidArgument } from '../errors';
import type { Handler } from '../server/types';
import { killTrial } from '../state/lifecycle';
import type { JsonObject } from '../state/records';
import { renderTrial } from '../state/render';
import { queryCheckpoints } from './checkpoint-query';
import { isDesc, pageOf, sortByKey } from './paging';
import { ok, pathInt, qList, qStr } from './util';

type TrialKey = (t: JsonObject, metric: string) => string | number | bigint | undefined;

function validationValue(w: unknown, metric: string): number | undefined {
  const v = ((w as JsonObject | undefined)?.metrics as JsonObject | undefined)?.avgMetrics as
    | JsonObject
    | undefined;
  const x = v?.[metric];
  return typeof x === 'number' ? x : undefined;
}

const TRIAL_KEYS: Readonly<Record<string, TrialKey>> = {
  SORT_BY_UNSPECIFIED: (t) => t.id as number,
  SORT_BY_ID: (t) => t.id as number,
  SORT_BY_START_TIME: (t) => t.startTime as string,
  SORT_BY_END_TIME: (t) => t.endTime as string | undefined,
  SORT_BY_STATE: (t) => t.state as string,
  SORT_BY_BEST_VALIDATION_METRIC: (t, m) => validationValue(t.bestValidation, m),
  SORT_BY_LATEST_VALIDATION_METRIC: (t, m) => validationValue(t.latestValidation, m),
  SORT_BY_BATCHES_PROCESSED: (t) => t.totalBatchesProcessed as number,
  SORT_BY_DURATION: (t) =>
    (t.endTime ? Date.parse(t.endTime as string) : Number.MAX_SAFE_INTEGER) -
    Date.parse(t.startTime as string),
  SORT_BY_RESTARTS: (t) => t.restarts as number,
  SORT_BY_CHECKPOINT_SIZE: (t) => BigInt((t.totalCheckpointSize as string | undefined) ?? '0'),
  SORT_BY_LOG_RETENTION_DAYS: (t) => t.logRetentionDays as number | undefined,
};

/** Trial handlers (metrics and logs streams live in their own modules). */
export const trialHandlers: Readonly<Record<string, Handler>> = {
  GetTrial: (req, { state }) => {
    state.sync();
    return ok({ trial: renderTrial(state, state.trial(pathInt(req, 'trialId'))) });
  },
  GetExperimentTrials: (req, { state }) => {
    state.sync();
    const exp = state.experiment(pathInt(req, 'experimentId'));
    const sortBy = qStr(req, 'sortBy') ?? 'SORT_BY_UNSPECIFIED';
    const key = TRIAL_KEYS[sortBy];
    if (!key) throw invalidArgument(`unsupported sortBy ${sortBy}`);
    const states = new Set(qList(req, 'states'));
    const metric =
      exp.searcherMetric ?? String((exp.config.searcher as JsonObject | undefined)?.metric ?? '');
    const trials = state
      .trialsOf(exp.id)
      .filter((t) => states.size === 0 || states.has(t.state))
      .map((t) => renderTrial(state, t));
    const sorted = sortByKey(trials, (t) => key(t, metric), isDesc(qStr(req, 'orderBy')));
    const { page, pagination } = pageOf(sorted, req);
    return ok({ trials: page, pagination });
  },
  KillTrial: (req, { state }) => {
    state.sync();
    const trial = state.trial(pathInt(req, 'id'));
    killTrial(state, state.sims.get(trial.experimentId), trial.id, state.nowMs());
    return ok({});
  },
  GetTrialCheckpoints: (req, { state }) => {
    state.sync();
    const trial = state.trial(pathInt(req, 'id'));
    return ok(
      queryCheckpoints(
        req,
        state.checkpointsOf({ trialId: trial.id }),
        state.smallerIsBetter(trial.experimentId),
      ),
    );
  },
  GetExperimentCheckpoints: (req, { state }) => {
    state.sync();
    const exp = state.experiment(pathInt(req, 'id'));
    return ok(
      queryCheckpoints(req, state.checkpointsOf({ experimentId: exp.id }), state.smallerIsBetter(exp.id)),
    );
  },
};
