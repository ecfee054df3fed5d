// Converts recorded model-registry, workspace and project objects into stored records; fields
// the records do not model are kept in `extra` and rendered back unchanged.
import type { ModelRecord, ModelVersionRecord, ProjectRecord, WorkspaceRecord } from '../state/records';
import { type Api, bool, isDate, num, obj, oneOf, str, strList, WORKSPACE_STATES } from './api-values';

/** `v1Model` → record. */
export function modelFromApi(o: Api): ModelRecord {
  const {
    id,
    name,
    description,
    metadata,
    creationTime,
    lastUpdatedTime,
    labels,
    username,
    userId,
    workspaceId,
    archived,
    notes,
    numVersions: _n,
    ...extra
  } = o;
  return {
    id: num(id),
    name: str(name),
    description: str(description),
    metadata: obj(metadata),
    creationTime: str(creationTime),
    lastUpdatedTime: str(lastUpdatedTime),
    labels: strList(labels),
    username: str(username),
    userId: num(userId),
    workspaceId: num(workspaceId, 1),
    archived: bool(archived),
    notes: str(notes),
    extra,
  };
}

/** `v1ModelVersion` → record (its model and checkpoint are stored separately). */
export function modelVersionFromApi(o: Api, modelId: number): ModelVersionRecord {
  const {
    id,
    version,
    checkpoint,
    creationTime,
    lastUpdatedTime,
    name,
    metadata,
    comment,
    username,
    userId,
    labels,
    notes,
    model: _m,
    ...extra
  } = o;
  return {
    id: num(id),
    modelId,
    version: num(version),
    checkpointUuid: str(obj(checkpoint).uuid),
    creationTime: str(creationTime),
    lastUpdatedTime: str(lastUpdatedTime),
    name: str(name),
    metadata: obj(metadata),
    comment: str(comment),
    username: str(username),
    userId: num(userId),
    labels: strList(labels),
    notes: str(notes),
    extra,
  };
}

/** `v1Workspace` → record. */
export function workspaceFromApi(o: Api): WorkspaceRecord {
  const {
    id,
    name,
    archived,
    username,
    immutable,
    pinned,
    userId,
    state,
    errorMessage,
    defaultComputePool,
    defaultAuxPool,
    checkpointStorageConfig,
    agentUserGroup,
    numProjects: _p,
    numExperiments: _e,
    ...extra
  } = o;
  return {
    id: num(id),
    name: str(name),
    archived: bool(archived),
    username: str(username),
    immutable: bool(immutable),
    pinned: bool(pinned),
    userId: num(userId),
    state: oneOf(WORKSPACE_STATES, state, 'WORKSPACE_STATE_UNSPECIFIED'),
    errorMessage: str(errorMessage),
    defaultComputePool: str(defaultComputePool),
    defaultAuxPool: str(defaultAuxPool),
    checkpointStorageConfig: checkpointStorageConfig ? obj(checkpointStorageConfig) : null,
    agentUserGroup: agentUserGroup ? obj(agentUserGroup) : null,
    extra,
  };
}

/** `v1Project` → record (an unparsable `lastExperimentStartedAt` is dropped). */
export function projectFromApi(o: Api, creationTime: string): ProjectRecord {
  const {
    id,
    name,
    workspaceId,
    description,
    notes,
    archived,
    username,
    immutable,
    userId,
    state,
    errorMessage,
    key,
    numExperiments: _e,
    numActiveExperiments: _a,
    numRuns: _r,
    workspaceName: _w,
    lastExperimentStartedAt,
    ...extra
  } = o;
  return {
    id: num(id),
    name: str(name),
    workspaceId: num(workspaceId, 1),
    description: str(description),
    notes: Array.isArray(notes)
      ? notes.map((n) => ({ name: str(obj(n).name), contents: str(obj(n).contents) }))
      : [],
    archived: bool(archived),
    username: str(username),
    immutable: bool(immutable),
    userId: num(userId),
    state: oneOf(WORKSPACE_STATES, state, 'WORKSPACE_STATE_UNSPECIFIED'),
    errorMessage: str(errorMessage),
    key: str(key),
    creationTime,
    extra: isDate(lastExperimentStartedAt) ? { ...extra, lastExperimentStartedAt } : extra,
  };
}
