import type { ProjectRecord, WorkspaceRecord } from './records';
import type { Wire } from './wire';

/** A workspace with the master's defaults. */
export function newWorkspace(
  fields: Pick<WorkspaceRecord, 'id' | 'name' | 'username' | 'userId'> & Partial<WorkspaceRecord>,
): WorkspaceRecord {
  return {
    archived: false,
    immutable: false,
    pinned: false,
    state: 'WORKSPACE_STATE_UNSPECIFIED',
    errorMessage: '',
    defaultComputePool: '',
    defaultAuxPool: '',
    checkpointStorageConfig: null,
    agentUserGroup: null,
    extra: {},
    ...fields,
  };
}

/** A project with the master's defaults. */
export function newProject(
  fields: Pick<ProjectRecord, 'id' | 'name' | 'workspaceId' | 'username' | 'userId' | 'creationTime'> &
    Partial<ProjectRecord>,
): ProjectRecord {
  return {
    description: '',
    notes: [],
    archived: false,
    immutable: false,
    state: 'WORKSPACE_STATE_UNSPECIFIED',
    errorMessage: '',
    key: projectKey(fields.name, fields.id),
    extra: {},
    ...fields,
  };
}

/** A project key derived from its name, like the master's (up to 5 alphanumerics + id). */
export function projectKey(name: string, id: number): string {
  const letters =
    name
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 3)
      .toUpperCase() || 'PRJ';
  return `${letters}${id}`;
}

/** The single CPU resource pool of a fresh master (`v1ResourcePool`). */
export function defaultResourcePool(name = 'default'): Wire['v1ResourcePool'] {
  return {
    name,
    description: '',
    type: 'RESOURCE_POOL_TYPE_STATIC',
    numAgents: 1,
    slotsAvailable: 1,
    slotsUsed: 0,
    slotType: 'TYPE_CPU',
    auxContainerCapacity: 100,
    auxContainersRunning: 0,
    defaultComputePool: true,
    defaultAuxPool: true,
    preemptible: false,
    minAgents: 0,
    maxAgents: 0,
    slotsPerAgent: -1,
    auxContainerCapacityPerAgent: 100,
    schedulerType: 'SCHEDULER_TYPE_FAIR_SHARE',
    schedulerFittingPolicy: 'FITTING_POLICY_BEST',
    location: 'on-prem',
    imageId: '',
    instanceType: '',
    masterUrl: '',
    masterCertName: '',
    startupScript: '',
    containerStartupScript: '',
    agentDockerNetwork: '',
    agentDockerRuntime: '',
    agentDockerImage: '',
    agentFluentImage: '',
    maxIdleAgentPeriod: 0,
    maxAgentStartingPeriod: 0,
    details: {},
    accelerator: '',
    stats: { queuedCount: 0, scheduledCount: 0 },
    resourceManagerMetadata: {},
    clusterName: '',
  };
}

/** What a fresh master holds: workspace and project `Uncategorized` (id 1) and the pool `default`. */
export function addDefaults(
  state: {
    readonly workspaces: Map<number, WorkspaceRecord>;
    readonly projects: Map<number, ProjectRecord>;
    readonly resourcePools: Map<string, Wire['v1ResourcePool']>;
    nextId(kind: 'workspace' | 'project'): number;
  },
  now: string,
): void {
  state.workspaces.set(
    1,
    newWorkspace({
      id: state.nextId('workspace'),
      name: 'Uncategorized',
      username: 'admin',
      userId: 2,
      immutable: true,
    }),
  );
  state.projects.set(
    1,
    newProject({
      id: state.nextId('project'),
      name: 'Uncategorized',
      workspaceId: 1,
      username: 'admin',
      userId: 2,
      creationTime: now,
      immutable: true,
      key: 'UNC1',
    }),
  );
  state.resourcePools.set('default', defaultResourcePool());
}
