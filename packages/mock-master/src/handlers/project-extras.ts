import type { Wire } from '../cluster/types';
import { invalidArgument, notFound, permissionDenied } from '../errors';
import type { Handler } from '../server/types';
import type { MockState } from '../state/mock-state';
import { isJsonObject, type JsonObject } from '../state/records';
import { renderProject } from '../state/render';
import { reportValues } from './experiment-metrics';
import { body, ok, pathInt, pathStr, qInt, userOf } from './util';
import { changeableWorkspace, plainError } from './workspace-rules';

const EXPERIMENT_COLUMNS: ReadonlyArray<[string, Wire['v1ColumnType'], string]> = [
  ['id', 'COLUMN_TYPE_NUMBER', 'ID'],
  ['name', 'COLUMN_TYPE_TEXT', 'Name'],
  ['description', 'COLUMN_TYPE_TEXT', 'Description'],
  ['tags', 'COLUMN_TYPE_ARRAY', 'Tags'],
  ['forkedFrom', 'COLUMN_TYPE_NUMBER', 'Forked'],
  ['startTime', 'COLUMN_TYPE_DATE', 'Start time'],
  ['duration', 'COLUMN_TYPE_NUMBER', 'Duration'],
  ['numTrials', 'COLUMN_TYPE_NUMBER', 'Trial count'],
  ['state', 'COLUMN_TYPE_TEXT', 'State'],
  ['searcherType', 'COLUMN_TYPE_TEXT', 'Searcher'],
  ['resourcePool', 'COLUMN_TYPE_TEXT', 'Resource pool'],
  ['progress', 'COLUMN_TYPE_NUMBER', 'Progress'],
  ['checkpointSize', 'COLUMN_TYPE_NUMBER', 'Checkpoint size'],
  ['checkpointCount', 'COLUMN_TYPE_NUMBER', 'Checkpoints'],
  ['user', 'COLUMN_TYPE_TEXT', 'User'],
  ['searcherMetric', 'COLUMN_TYPE_TEXT', 'Searcher metric'],
  ['searcherMetricsVal', 'COLUMN_TYPE_NUMBER', 'Searcher metric value'],
  ['externalExperimentId', 'COLUMN_TYPE_TEXT', 'External experiment ID'],
  ['externalTrialId', 'COLUMN_TYPE_TEXT', 'External trial ID'],
];

function metricNames(
  state: MockState,
  projectId: number,
): Map<string, { group: string; min: number; max: number }> {
  const names = new Map<string, { group: string; min: number; max: number }>();
  for (const exp of state.experiments.values()) {
    if (exp.projectId !== projectId) continue;
    for (const r of state.metrics.iterate(exp.trialIds, null)) {
      for (const [name, v] of Object.entries(reportValues(r))) {
        const key = `${r.group}.${name}`;
        const cur = names.get(key);
        names.set(key, { group: r.group, min: Math.min(cur?.min ?? v, v), max: Math.max(cur?.max ?? v, v) });
      }
    }
  }
  return names;
}

function columns(state: MockState, projectId: number): Wire['v1ProjectColumn'][] {
  const cols: Wire['v1ProjectColumn'][] = EXPERIMENT_COLUMNS.map(([column, type, displayName]) => ({
    column,
    location: 'LOCATION_TYPE_EXPERIMENT',
    type,
    displayName,
  }));
  const hps = new Set<string>();
  for (const exp of state.experiments.values()) {
    if (exp.projectId !== projectId) continue;
    for (const id of exp.trialIds)
      for (const k of Object.keys(state.trials.get(id)?.hparams ?? {})) hps.add(k);
  }
  for (const hp of [...hps].sort())
    cols.push({
      column: `hp.${hp}`,
      location: 'LOCATION_TYPE_HYPERPARAMETERS',
      type: 'COLUMN_TYPE_NUMBER',
      displayName: '',
    });
  for (const [key, m] of [...metricNames(state, projectId)].sort((a, b) => a[0].localeCompare(b[0]))) {
    const location: Wire['v1LocationType'] =
      m.group === 'validation'
        ? 'LOCATION_TYPE_VALIDATIONS'
        : m.group === 'training'
          ? 'LOCATION_TYPE_TRAINING'
          : 'LOCATION_TYPE_CUSTOM_METRIC';
    cols.push({ column: key, location, type: 'COLUMN_TYPE_NUMBER', displayName: '' });
  }
  return cols;
}

function metadataValues(value: unknown, path: readonly string[]): unknown {
  let cur = value;
  for (const key of path) cur = isJsonObject(cur) ? cur[key] : undefined;
  return cur;
}

/** Project columns, metric ranges, moving projects, notes, lookup by key and recent activity. */
export const projectExtraHandlers: Readonly<Record<string, Handler>> = {
  GetProjectColumns: (req, { state }) =>
    ok({ columns: columns(state, state.project(pathInt(req, 'id')).id) }),
  GetProjectNumericMetricsRange: (req, { state }) => {
    const project = state.project(pathInt(req, 'id'));
    const ranges = [...metricNames(state, project.id)].map(([metricsName, m]) => ({
      metricsName,
      min: m.min,
      max: m.max,
    }));
    return ok({ ranges });
  },
  MoveProject: (req, { state }) => {
    const project = state.project(pathInt(req, 'projectId'));
    const origin = state.workspace(project.workspaceId);
    const destination = changeableWorkspace(state, Number(body(req).destinationWorkspaceId));
    const user = userOf(req);
    if (!user.admin && user.id !== project.userId)
      throw permissionDenied("non admin users can't move projects that someone else owns");
    const clash = [...state.projects.values()].some(
      (p) => p.workspaceId === destination.id && p.name === project.name,
    );
    if (clash) throw plainError(`project with name '${project.name}' already exists in target workspace`);
    // The master's move finds no row for an immutable or archived project or origin workspace.
    if (project.immutable || project.archived || origin.immutable || origin.archived)
      throw plainError(`error moving project (${project.id}): not found`);
    project.workspaceId = destination.id;
    return ok({});
  },
  AddProjectNote: (req, { state }) => {
    const project = state.project(pathInt(req, 'projectId'));
    const b = body(req);
    if (typeof b.name !== 'string' || typeof b.contents !== 'string')
      throw invalidArgument('a note needs a name and contents');
    project.notes.push({ name: b.name, contents: b.contents });
    return ok({ notes: project.notes.map((n) => ({ ...n })) });
  },
  GetProjectByKey: (req, { state }) => {
    const key = pathStr(req, 'key');
    const project = [...state.projects.values()].find((p) => p.key.toLowerCase() === key.toLowerCase());
    if (!project) throw notFound(`project with key '${key}' not found`);
    return ok({ project: renderProject(state, project) });
  },
  GetProjectsByUserActivity: (req, { state }) => {
    const limit = qInt(req, 'limit') ?? 5;
    if (limit > 100) throw invalidArgument('limit must be <= 100');
    const mine = state.cluster.projectActivity.get(userOf(req).id) ?? new Map<number, number>();
    const projects = [...mine]
      .sort((a, b) => b[1] - a[1])
      .map(([id]) => state.projects.get(id))
      .filter((p) => p !== undefined)
      .slice(0, limit > 0 ? limit : undefined)
      .map((p) => renderProject(state, p));
    return ok({ projects });
  },
  GetMetadataValues: (req, { state }) => {
    const project = state.project(pathInt(req, 'projectId'));
    const path = pathStr(req, 'key').split('.');
    const values = new Set<string>();
    for (const exp of state.experiments.values()) {
      if (exp.projectId !== project.id) continue;
      for (const id of exp.trialIds) {
        const v = metadataValues(
          state.cluster.trialExtras.runMetadata.get(id) as JsonObject | undefined,
          path,
        );
        if (v !== undefined && !isJsonObject(v)) values.add(String(v));
      }
    }
    return ok({ values: [...values].sort() });
  },
};
