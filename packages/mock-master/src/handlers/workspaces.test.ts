import { createExperiment } from '../state/create-experiment';
import { defaultResourcePool } from '../state/defaults';
import { renderWorkspace } from '../state/render';
import { testState, testUser } from '../state/test-helpers';
import { callJson } from './test-request';

type Named = { id: number; name: string };

describe('workspace, project and resource pool handlers', () => {
  let env: ReturnType<typeof testState>;
  beforeEach(() => {
    env = testState();
  });
  afterEach(() => env.cleanup());

  const workspace = async (name: string) =>
    (await callJson(env.state, 'PostWorkspace', { body: { name } })).workspace as Named;
  const project = async (wsId: number, name: string) =>
    (
      await callJson(env.state, 'PostProject', {
        pathParams: { workspaceId: wsId },
        body: { name, workspaceId: wsId, description: null },
      })
    ).project as Named;

  it('starts with the Uncategorized workspace and project (id 1) and finds workspaces by name case-insensitively', async () => {
    const list = (await callJson(env.state, 'GetWorkspaces')).workspaces as Named[];
    expect(list.map((w) => [w.id, w.name])).toEqual([[1, 'Uncategorized']]);
    await workspace('Research');
    const found = (await callJson(env.state, 'GetWorkspaces', { query: { name: 'research' } }))
      .workspaces as Named[];
    expect(found.map((w) => w.name)).toEqual(['Research']);
    expect(
      (await callJson(env.state, 'GetWorkspaces', { query: { nameCaseSensitive: 'research' } })).workspaces,
    ).toEqual([]);
    await expect(workspace('RESEARCH')).rejects.toMatchObject({ status: 409 });
    await expect(callJson(env.state, 'DeleteWorkspace', { pathParams: { id: 1 } })).rejects.toMatchObject({
      grpcCode: 2,
      message: 'workspace (1) does not exist or not deletable by this user: not found',
    });
  });

  it('creates, finds, patches, archives and annotates projects and counts their experiments', async () => {
    const ws = await workspace('w');
    const p = await project(ws.id, 'vision');
    await project(ws.id, 'nlp');
    await expect(project(ws.id, 'vision')).rejects.toMatchObject({ status: 409 });
    const found = (
      await callJson(env.state, 'GetWorkspaceProjects', {
        pathParams: { id: ws.id },
        query: { name: 'VISION' },
      })
    ).projects as Named[];
    expect(found.map((x) => x.id)).toEqual([p.id]);
    createExperiment(
      env.state,
      { config: 'searcher: {name: single, metric: loss, max_length: 100}', projectId: p.id },
      testUser,
    );
    const got = (await callJson(env.state, 'GetProject', { pathParams: { id: p.id } })).project as {
      numExperiments: number;
      numActiveExperiments: number;
      workspaceName: string;
    };
    expect(got).toMatchObject({ numExperiments: 1, numActiveExperiments: 1, workspaceName: 'w' });
    expect(
      (
        (
          await callJson(env.state, 'PatchProject', {
            pathParams: { id: p.id },
            body: { name: 'cv', key: 'CV' },
          })
        ).project as { key: string }
      ).key,
    ).toBe('CV');
    const notes = [{ name: 'plan', contents: 'x' }];
    expect(
      (
        await callJson(env.state, 'PutProjectNotes', {
          pathParams: { projectId: p.id },
          body: { notes, projectId: p.id },
        })
      ).notes,
    ).toEqual(notes);
    await callJson(env.state, 'ArchiveProject', { pathParams: { id: p.id } });
    await expect(
      Promise.resolve().then(() =>
        createExperiment(
          env.state,
          { config: 'searcher: {name: single, metric: loss, max_length: 100}', projectId: p.id },
          testUser,
        ),
      ),
    ).rejects.toMatchObject({ grpcCode: 9 });
    const del = await callJson(env.state, 'DeleteProject', { pathParams: { id: p.id } });
    expect(del).toEqual({ completed: false });
  });

  it('binds resource pools to workspaces and lists the pools available to a workspace', async () => {
    env.state.resourcePools.set('compute-b', {
      ...defaultResourcePool('compute-b'),
      defaultComputePool: false,
      defaultAuxPool: false,
    });
    const pool = { resourcePoolName: 'compute-b' };
    const ws = await workspace('w');
    expect(
      ((await callJson(env.state, 'GetResourcePools')).resourcePools as Named[]).map((r) => r.name),
    ).toEqual(['default', 'compute-b']);
    await callJson(env.state, 'BindRPToWorkspace', {
      pathParams: pool,
      body: { ...pool, workspaceNames: ['w'] },
    });
    expect((await callJson(env.state, 'ListWorkspacesBoundToRP', { pathParams: pool })).workspaceIds).toEqual(
      [ws.id],
    );
    expect(
      (await callJson(env.state, 'ListRPsBoundToWorkspace', { pathParams: { workspaceId: 1 } }))
        .resourcePools,
    ).toEqual(['default']);
    expect(
      (await callJson(env.state, 'ListRPsBoundToWorkspace', { pathParams: { workspaceId: ws.id } }))
        .resourcePools,
    ).toEqual(['default', 'compute-b']);
    expect(
      (
        (await callJson(env.state, 'GetResourcePools', { query: { unbound: true } })).resourcePools as Named[]
      ).map((r) => r.name),
    ).toEqual(['default']);
    await callJson(env.state, 'OverwriteRPWorkspaceBindings', {
      pathParams: pool,
      body: { ...pool, workspaceIds: [1] },
    });
    await callJson(env.state, 'UnbindRPFromWorkspace', {
      pathParams: pool,
      body: { ...pool, workspaceIds: [1] },
    });
    expect((await callJson(env.state, 'ListWorkspacesBoundToRP', { pathParams: pool })).workspaceIds).toEqual(
      [],
    );
    await expect(
      callJson(env.state, 'BindRPToWorkspace', { pathParams: { resourcePoolName: 'gpu' }, body: {} }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('renders a reset (empty) checkpoint storage config as none, as the master stores it', async () => {
    const ws = await workspace('storage');
    const record = env.state.workspace(ws.id);
    record.checkpointStorageConfig = { type: 'shared_fs', host_path: '/tmp' };
    expect(renderWorkspace(env.state, record).checkpointStorageConfig).toEqual({
      type: 'shared_fs',
      host_path: '/tmp',
    });
    record.checkpointStorageConfig = {};
    expect(renderWorkspace(env.state, record).checkpointStorageConfig).toBeUndefined();
  });

  it('refuses to bind the default pools to workspaces, as the master does (an Internal error)', async () => {
    await workspace('w');
    for (const operation of ['BindRPToWorkspace', 'OverwriteRPWorkspaceBindings']) {
      await expect(
        callJson(env.state, operation, {
          pathParams: { resourcePoolName: 'default' },
          body: { resourcePoolName: 'default', workspaceNames: ['w'] },
        }),
      ).rejects.toMatchObject({
        status: 500,
        message: 'default resource pool default cannot be bound to any workspace',
      });
    }
  });
});
