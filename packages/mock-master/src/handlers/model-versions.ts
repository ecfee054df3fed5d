import { failedPrecondition, invalidArgument, notFound } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import type { MockState } from '../state/mock-state';
import { isJsonObject, type JsonObject, type ModelRecord, type ModelVersionRecord } from '../state/records';
import { renderModel, renderModelVersion } from '../state/render';
import { sourceMetrics } from './checkpoints';
import { resolveModel } from './models';
import { isDesc, pageOf, sortByKey } from './paging';
import { body, labelList, ok, pathInt, pathStr, qStr, userOf } from './util';

function versionsOf(state: MockState, model: ModelRecord): ModelVersionRecord[] {
  return [...state.modelVersions.values()].filter((v) => v.modelId === model.id);
}

function findVersion(
  state: MockState,
  req: MockRequest,
): { model: ModelRecord; version: ModelVersionRecord } {
  const model = resolveModel(state, pathStr(req, 'modelName'));
  const num = pathInt(req, 'modelVersionNum');
  const version = versionsOf(state, model).find((v) => v.version === num);
  if (!version) throw notFound(`model version ${num} of model "${model.name}" not found`);
  return { model, version };
}

function str(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}

function obj(v: unknown): JsonObject | undefined {
  return isJsonObject(v) ? structuredClone(v) : undefined;
}

/** Model version handlers. */
export const modelVersionHandlers: Readonly<Record<string, Handler>> = {
  PostModelVersion: (req, { state }) => {
    const model = resolveModel(state, pathStr(req, 'modelName'));
    if (model.archived)
      throw failedPrecondition(`model "${model.name}" is archived and cannot have new versions`);
    const b = body(req);
    if (typeof b.checkpointUuid !== 'string' || b.checkpointUuid === '')
      throw invalidArgument('checkpointUuid is required');
    const ck = state.checkpoint(b.checkpointUuid);
    if (ck.state !== 'STATE_COMPLETED' && ck.state !== 'STATE_PARTIALLY_DELETED') {
      throw failedPrecondition(`checkpoint ${ck.uuid} is in state ${ck.state} and cannot be registered`);
    }
    const user = userOf(req);
    const now = state.nowIso();
    const version: ModelVersionRecord = {
      id: state.nextId('modelVersion'),
      modelId: model.id,
      version: versionsOf(state, model).reduce((n, v) => Math.max(n, v.version), 0) + 1,
      checkpointUuid: ck.uuid,
      creationTime: now,
      lastUpdatedTime: now,
      name: str(b.name, ''),
      metadata: obj(b.metadata) ?? {},
      comment: str(b.comment, ''),
      username: user.username,
      userId: user.id,
      labels: labelList(b.labels) ?? [],
      notes: str(b.notes, ''),
      extra: {},
    };
    state.modelVersions.set(version.id, version);
    model.lastUpdatedTime = now;
    return ok({ modelVersion: renderModelVersion(state, version) });
  },
  GetModelVersion: (req, { state }) =>
    ok({ modelVersion: renderModelVersion(state, findVersion(state, req).version) }),
  GetModelVersions: (req, { state }) => {
    const model = resolveModel(state, pathStr(req, 'modelName'));
    const sortBy = qStr(req, 'sortBy') ?? 'SORT_BY_UNSPECIFIED';
    if (!['SORT_BY_UNSPECIFIED', 'SORT_BY_VERSION', 'SORT_BY_CREATION_TIME'].includes(sortBy))
      throw invalidArgument(`unsupported sortBy ${sortBy}`);
    const key =
      sortBy === 'SORT_BY_CREATION_TIME'
        ? (v: ModelVersionRecord) => v.creationTime
        : (v: ModelVersionRecord) => v.version;
    const sorted = sortByKey(
      sortByKey(versionsOf(state, model), (v) => v.version),
      key,
      isDesc(qStr(req, 'orderBy')),
    );
    const { page, pagination } = pageOf(sorted, req);
    return ok({
      model: renderModel(state, model),
      modelVersions: page.map((v) => renderModelVersion(state, v)),
      pagination,
    });
  },
  PatchModelVersion: (req, { state }) => {
    const { version } = findVersion(state, req);
    const b = body(req);
    if (typeof b.name === 'string') version.name = b.name;
    if (typeof b.comment === 'string') version.comment = b.comment;
    if (typeof b.notes === 'string') version.notes = b.notes;
    const metadata = obj(b.metadata);
    if (metadata !== undefined) version.metadata = metadata;
    const labels = labelList(b.labels);
    if (labels !== undefined) version.labels = labels;
    const ckUuid = obj(b.checkpoint)?.uuid;
    if (typeof ckUuid === 'string' && ckUuid !== '') version.checkpointUuid = state.checkpoint(ckUuid).uuid;
    version.lastUpdatedTime = state.nowIso();
    return ok({ modelVersion: renderModelVersion(state, version) });
  },
  DeleteModelVersion: (req, { state }) => {
    const { version } = findVersion(state, req);
    state.modelVersions.delete(version.id);
    return ok({});
  },
  GetTrialMetricsByModelVersion: (req, { state }) => {
    const { version } = findVersion(state, req);
    return ok({ metrics: sourceMetrics(state, req, version.checkpointUuid) });
  },
};
