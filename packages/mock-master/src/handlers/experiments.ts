import { invalidArgument } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import { createExperiment } from '../state/create-experiment';
import type { MockState } from '../state/mock-state';
import type { ExperimentRecord, JsonObject, ModelFile } from '../state/records';
import { renderExperiment } from '../state/render';
import { isDesc, pageOf, sortByKey } from './paging';
import { body, ilike, labelList, ok, pathInt, qBool, qInt, qIntList, qList, qStr, userOf } from './util';
import { plainError, projectArchived } from './workspace-rules';

const SORT_KEYS: Readonly<
  Record<string, (e: JsonObject) => string | number | bigint | boolean | null | undefined>
> = {
  SORT_BY_UNSPECIFIED: (e) => e.id as number,
  SORT_BY_ID: (e) => e.id as number,
  SORT_BY_DESCRIPTION: (e) => e.description as string,
  SORT_BY_START_TIME: (e) => e.startTime as string,
  SORT_BY_END_TIME: (e) => e.endTime as string | undefined,
  SORT_BY_STATE: (e) => e.state as string,
  SORT_BY_NUM_TRIALS: (e) => e.numTrials as number,
  SORT_BY_PROGRESS: (e) => e.progress as number | undefined,
  SORT_BY_USER: (e) => e.username as string,
  SORT_BY_NAME: (e) => e.name as string,
  SORT_BY_FORKED_FROM: (e) => e.forkedFrom as number | null,
  SORT_BY_RESOURCE_POOL: (e) => e.resourcePool as string,
  SORT_BY_PROJECT_ID: (e) => e.projectId as number,
  SORT_BY_CHECKPOINT_SIZE: (e) => BigInt((e.checkpointSize as string | undefined) ?? '0'),
  SORT_BY_CHECKPOINT_COUNT: (e) => e.checkpointCount as number,
  SORT_BY_SEARCHER_METRIC_VAL: (e) => e.bestTrialSearcherMetric as number | undefined,
};

function idFilter(req: MockRequest): (id: number) => boolean {
  const [lt, lte, gt, gte] = ['lt', 'lte', 'gt', 'gte'].map((k) => qInt(req, `experimentIdFilter.${k}`));
  const incl = qIntList(req, 'experimentIdFilter.incl');
  const notIn = new Set(qIntList(req, 'experimentIdFilter.notIn'));
  return (id) =>
    (lt === undefined || id < lt) &&
    (lte === undefined || id <= lte) &&
    (gt === undefined || id > gt) &&
    (gte === undefined || id >= gte) &&
    (incl.length === 0 || incl.includes(id)) &&
    !notIn.has(id);
}

function parentArchived(state: MockState, exp: ExperimentRecord): boolean {
  const project = state.projects.get(exp.projectId);
  return (
    project !== undefined &&
    (project.archived || state.workspaces.get(project.workspaceId)?.archived === true)
  );
}

function listExperiments(state: MockState, req: MockRequest): JsonObject {
  const sortBy = qStr(req, 'sortBy') ?? 'SORT_BY_UNSPECIFIED';
  const key = SORT_KEYS[sortBy];
  if (!key) throw invalidArgument(`unsupported sortBy ${sortBy}`);
  const labels = qList(req, 'labels');
  const states = new Set(qList(req, 'states'));
  const users = new Set(qList(req, 'users'));
  const userIds = new Set(qIntList(req, 'userIds'));
  const archived = qBool(req, 'archived');
  const projectId = qInt(req, 'projectId');
  const ids = idFilter(req);
  const rendered = [...state.experiments.values()]
    .filter(
      (e) =>
        ids(e.id) &&
        ilike(e.name, qStr(req, 'name')) &&
        ilike(e.description, qStr(req, 'description')) &&
        labels.every((l) => e.labels.includes(l)) &&
        (states.size === 0 || states.has(e.state)) &&
        (users.size === 0 || users.has(e.username)) &&
        (userIds.size === 0 || userIds.has(e.userId)) &&
        (archived === undefined || e.archived === archived) &&
        // Without a project, archived=false also leaves out experiments of archived projects and workspaces.
        (archived !== false || !!projectId || !parentArchived(state, e)) &&
        (!projectId || e.projectId === projectId),
    )
    .map((e) => renderExperiment(state, e));
  const sorted = sortByKey(rendered, key, isDesc(qStr(req, 'orderBy')));
  const { page, pagination } = pageOf(sorted, req);
  return { experiments: page, pagination };
}

function setLabels(exp: ExperimentRecord, labels: string[]): void {
  exp.labels = [...new Set(labels)];
  exp.config.labels = [...exp.labels];
}

function patch(exp: ExperimentRecord, b: JsonObject): void {
  if (b.name !== undefined && b.name !== null) {
    if (typeof b.name !== 'string' || b.name.trim() === '')
      throw invalidArgument('`name` must not be an empty or whitespace string.');
    exp.name = b.name;
    exp.config.name = b.name;
  }
  if (typeof b.description === 'string') {
    exp.description = b.description;
    exp.config.description = b.description;
  }
  if (typeof b.notes === 'string') exp.notes = b.notes;
  const labels = labelList(b.labels);
  if (labels !== undefined) setLabels(exp, labels);
  const resources = b.resources as JsonObject | undefined;
  if (resources && typeof resources === 'object') {
    const cfg = (exp.config.resources ?? {}) as JsonObject;
    if (resources.maxSlots !== undefined) cfg.max_slots = resources.maxSlots;
    if (resources.weight !== undefined) cfg.weight = resources.weight;
    if (resources.priority !== undefined) cfg.priority = resources.priority;
    exp.config.resources = cfg;
  }
}

/** Experiment CRUD handlers. */
export const experimentHandlers: Readonly<Record<string, Handler>> = {
  CreateExperiment: (req, { state }) => {
    state.sync();
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
        parentId: b.parentId as number | null,
        validateOnly: b.validateOnly as boolean | null,
        unmanaged: b.unmanaged as boolean | null,
      },
      userOf(req),
    );
    return ok({
      experiment: renderExperiment(state, created.experiment),
      config: structuredClone(created.config),
      warnings: created.warnings,
    });
  },
  GetExperiment: (req, { state }) => {
    state.sync();
    const exp = state.experiment(pathInt(req, 'experimentId'));
    return ok({ experiment: renderExperiment(state, exp), config: structuredClone(exp.config) });
  },
  GetExperiments: (req, { state }) => {
    state.sync();
    return ok(listExperiments(state, req));
  },
  PatchExperiment: (req, { state }) => {
    state.sync();
    const exp = state.experiment(pathInt(req, 'experiment.id'));
    patch(exp, body(req));
    return ok({ experiment: renderExperiment(state, exp) });
  },
  PutExperimentLabel: (req, { state }) => {
    const exp = state.experiment(pathInt(req, 'experimentId'));
    const label = String(req.pathParams.label ?? '');
    if (!exp.labels.includes(label)) setLabels(exp, [...exp.labels, label]);
    return ok({ labels: [...exp.labels] });
  },
  DeleteExperimentLabel: (req, { state }) => {
    const exp = state.experiment(pathInt(req, 'experimentId'));
    const label = String(req.pathParams.label ?? '');
    setLabels(
      exp,
      exp.labels.filter((l) => l !== label),
    );
    return ok({ labels: [...exp.labels] });
  },
  MoveExperiment: (req, { state }) => {
    const exp = state.experiment(pathInt(req, 'experimentId'));
    // The master's checks, in its order (plain errors: Internal, HTTP 500).
    if (exp.archived) throw plainError(`experiment (${exp.id}) is archived and cannot be moved`);
    const source = state.project(exp.projectId);
    if (projectArchived(state, source))
      throw plainError(`project (${source.id}) is archived and cannot have experiments moved from it`);
    const dest = state.project(Number(body(req).destinationProjectId));
    if (projectArchived(state, dest))
      throw plainError(`project (${dest.id}) is archived and cannot add new experiments`);
    exp.projectId = dest.id;
    exp.projectOwnerId = dest.userId;
    return ok({});
  },
};
