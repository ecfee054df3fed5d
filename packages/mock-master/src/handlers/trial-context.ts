import type { MockState } from '../state/mock-state';
import type { ExperimentRecord, JsonObject, TrialRecord } from '../state/records';
import { ConfigError, planSearch, type SearchPlan } from '../state/searcher';
import type { TrialEventContext } from '../state/trial-events';

function planOf(state: MockState, exp: ExperimentRecord): SearchPlan {
  const sim = state.sims.get(exp.id);
  if (sim) return sim.plan;
  try {
    return planSearch(exp.config, state.seed + exp.id);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Unmanaged experiments may have no searcher section; their reports still need a metric.
    const searcher = (exp.config.searcher ?? {}) as JsonObject;
    return {
      searcherName: 'custom',
      metric: typeof searcher.metric === 'string' ? searcher.metric : '',
      smallerIsBetter: searcher.smaller_is_better !== false,
      maxLength: 0,
      maxConcurrent: 1,
      schedulingUnit: 100,
      validationPeriod: 0,
      checkpointPeriod: 0,
      hparamSets: [],
    };
  }
}

/** The context the experiment simulation's trial events need, for reports a client sends itself. */
export function trialContext(state: MockState, trial: TrialRecord): TrialEventContext {
  const exp = state.experiment(trial.experimentId);
  return {
    host: state,
    exp,
    plan: planOf(state, exp),
    trial,
    index: Math.max(exp.trialIds.indexOf(trial.id), 0),
    containerId: '',
  };
}
