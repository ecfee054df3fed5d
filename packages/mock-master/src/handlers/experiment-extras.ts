import { Readable } from 'node:stream';
import type { Wire } from '../cluster/types';
import { invalidArgument, notFound, permissionDenied } from '../errors';
import type { Handler } from '../server/types';
import { continueExperiment } from '../state/continue-experiment';
import { createExperiment } from '../state/create-experiment';
import { expandConfig } from '../state/experiment-config';
import type { MockState } from '../state/mock-state';
import { type ExperimentRecord, isJsonObject, type JsonObject, type ModelFile } from '../state/records';
import { renderExperiment, renderTrial } from '../state/render';
import { ConfigError, planSearch } from '../state/searcher';
import { pageOf } from './paging';
import { body, ok, pathInt, pathStr, qStr, userOf } from './util';

const SORT_FIELDS: Readonly<Record<string, (e: ExperimentRecord) => string | number>> = {
  id: (e) => e.id,
  name: (e) => e.name,
  startTime: (e) => e.startTime,
  state: (e) => e.state,
  numTrials: (e) => e.trialIds.length,
  searcherMetricsVal: (e) => e.bestTrialSearcherMetric ?? Number.POSITIVE_INFINITY,
};

function sortExperiments(list: ExperimentRecord[], sort: string): ExperimentRecord[] {
  const keys = sort
    .split(',')
    .map((part) => part.trim().split('='))
    .filter(([field]) => field !== undefined && field !== '');
  return [...list].sort((a, b) => {
    for (const [field, dir] of keys) {
      const key = SORT_FIELDS[field ?? ''];
      if (!key) continue;
      const ka = key(a);
      const kb = key(b);
      if (ka !== kb) return (ka < kb ? -1 : 1) * (dir === 'desc' ? -1 : 1);
    }
    return a.id - b.id;
  });
}

function previewSummary(state: MockState, config: JsonObject, seed: number): Wire['v1SearchSummary'] {
  const expanded = expandConfig(config, { storageDir: state.storage.root, seed, name: 'preview' });
  try {
    const plan = planSearch(expanded, seed);
    const unit = { name: 'batches', value: plan.maxLength, maxLength: true };
    return { config: expanded, trials: [{ count: plan.hparamSets.length, unit }] };
  } catch (error) {
    if (error instanceof ConfigError)
      throw invalidArgument(`invalid experiment configuration: ${error.message}`);
    throw error;
  }
}

/** Experiment search, HP-search preview, model files, external and continued experiments. */
export const experimentExtraHandlers: Readonly<Record<string, Handler>> = {
  SearchExperiments: (req, { state }) => {
    state.sync();
    const b = body(req);
    const projectId = typeof b.projectId === 'number' && b.projectId > 0 ? b.projectId : null;
    const list = [...state.experiments.values()].filter(
      (e) => projectId === null || e.projectId === projectId,
    );
    const sorted = sortExperiments(list, typeof b.sort === 'string' ? b.sort : 'id=asc');
    const { page, pagination } = pageOf(sorted, {
      ...req,
      query: { offset: b.offset ?? 0, limit: b.limit ?? 0 },
    });
    const experiments = page.map((e) => {
      const best = e.bestTrialId === null ? undefined : state.trials.get(e.bestTrialId);
      return { experiment: renderExperiment(state, e), bestTrial: best ? renderTrial(state, best) : null };
    });
    return ok({ experiments, pagination });
  },
  PreviewHPSearch: (req, { state }) => {
    const b = body(req);
    const seed = typeof b.seed === 'number' ? b.seed : state.seed;
    return ok({ summary: previewSummary(state, isJsonObject(b.config) ? b.config : {}, seed) });
  },
  'get-experiment-model-file': (req, { state }) => {
    const exp = state.experiment(pathInt(req, 'experiment_id'));
    const path = qStr(req, 'path') ?? '';
    const file = exp.modelDefinition.find((f: ModelFile) => f.path === path && f.type !== 53);
    if (!file) throw notFound(`file not found: ${path}`);
    return {
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      stream: Readable.from([Buffer.from(file.content, 'base64')]),
    };
  },
  PutExperiment: (req, { state }) => {
    state.sync();
    const external = pathStr(req, 'externalExperimentId');
    const known = state.cluster.trialExtras.externalExperiments.get(external);
    if (known !== undefined) {
      const exp = state.experiment(known);
      return ok({ experiment: renderExperiment(state, exp), config: structuredClone(exp.config) });
    }
    const b = body(req);
    if (typeof b.config !== 'string' || b.config.trim() === '')
      throw invalidArgument('config must be a non-empty YAML string');
    const created = createExperiment(
      state,
      {
        config: b.config,
        modelDefinition: (b.modelDefinition ?? null) as ModelFile[] | null,
        activate: b.activate as boolean | null,
        projectId: b.projectId as number | null,
        template: b.template as string | null,
        unmanaged: true,
      },
      userOf(req),
    );
    state.cluster.trialExtras.externalExperiments.set(external, created.experiment.id);
    return ok({
      experiment: renderExperiment(state, created.experiment),
      config: structuredClone(created.config),
    });
  },
  ContinueExperiment: (req, { state }) => {
    state.sync();
    const b = body(req);
    const exp = state.experiment(Number(b.id));
    const user = userOf(req);
    if (!user.admin && user.id !== exp.userId)
      throw permissionDenied(`user ${user.username} may not continue experiment ${exp.id}`);
    continueExperiment(state, exp, typeof b.overrideConfig === 'string' ? b.overrideConfig : '');
    return ok({ experiment: renderExperiment(state, exp), warnings: [] });
  },
};
