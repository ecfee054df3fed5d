import { loadScenario } from '../seed';
import { testState, testUser } from '../state/test-helpers';
import { callJson } from './test-request';

const UUID = '11111111-2222-4333-8444-555555555555';
type Model = {
  id: number;
  name: string;
  labels: string[];
  archived: boolean;
  workspaceId: number;
  numVersions: number;
  metadata: Record<string, unknown>;
};

describe('model registry handlers', () => {
  let env: ReturnType<typeof testState>;
  beforeEach(async () => {
    env = testState();
    await loadScenario(env.state, {
      workspaces: [{ name: 'team' }],
      experiments: [{ trials: [{ checkpoints: [{ batches: 100, uuid: UUID }] }] }],
    });
  });
  afterEach(() => env.cleanup());

  const post = (body: Record<string, unknown>) => callJson(env.state, 'PostModel', { body });
  const names = async (query: Record<string, unknown>) =>
    ((await callJson(env.state, 'GetModels', { query })).models as Model[]).map((m) => m.name);

  it('creates models, refuses duplicate names and resolves a model by name or numeric id', async () => {
    const m = (await post({ name: 'resnet', labels: ['a'], metadata: { k: 1 }, workspaceName: 'team' }))
      .model as Model;
    expect(m).toMatchObject({
      name: 'resnet',
      labels: ['a'],
      metadata: { k: 1 },
      numVersions: 0,
      archived: false,
      workspaceId: 2,
    });
    await expect(post({ name: 'resnet' })).rejects.toMatchObject({ status: 409, grpcCode: 6 });
    expect(
      ((await callJson(env.state, 'GetModel', { pathParams: { modelName: String(m.id) } })).model as Model)
        .name,
    ).toBe('resnet');
    await expect(
      callJson(env.state, 'GetModel', { pathParams: { modelName: 'nope' } }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('filters, sorts and pages the model list', async () => {
    await post({ name: 'b-model', description: 'second', labels: ['x'] });
    await post({ name: 'a-model', labels: ['x', 'y'] });
    await post({ name: 'c-model', workspaceName: 'team' });
    expect(await names({ sortBy: 'SORT_BY_NAME', orderBy: 'ORDER_BY_ASC' })).toEqual([
      'a-model',
      'b-model',
      'c-model',
    ]);
    expect(await names({ sortBy: 'SORT_BY_NAME', orderBy: 'ORDER_BY_DESC', limit: 2 })).toEqual([
      'c-model',
      'b-model',
    ]);
    expect(await names({ labels: ['x', 'y'] })).toEqual(['a-model']);
    expect(await names({ description: 'SEC' })).toEqual(['b-model']);
    expect(await names({ workspaceNames: ['team'] })).toEqual(['c-model']);
    expect(await names({ id: 1 })).toEqual(['b-model']);
    expect((await callJson(env.state, 'GetModelLabels')).labels).toEqual(['x', 'y']);
  });

  it('patches, archives and moves a model, and deletes it with its versions', async () => {
    await post({ name: 'm' });
    const patched = (
      await callJson(env.state, 'PatchModel', {
        pathParams: { modelName: 'm' },
        body: { metadata: { a: 1 }, labels: ['l'], description: 'd' },
      })
    ).model as Model;
    expect([patched.metadata, patched.labels]).toEqual([{ a: 1 }, ['l']]);
    await callJson(env.state, 'ArchiveModel', { pathParams: { modelName: 'm' } });
    expect(await names({ archived: true })).toEqual(['m']);
    await expect(
      callJson(env.state, 'PostModelVersion', {
        pathParams: { modelName: 'm' },
        body: { modelName: 'm', checkpointUuid: UUID },
      }),
    ).rejects.toMatchObject({ grpcCode: 9 });
    await callJson(env.state, 'UnarchiveModel', { pathParams: { modelName: 'm' } });
    await callJson(env.state, 'MoveModel', {
      pathParams: { modelName: 'm' },
      body: { modelName: 'm', destinationWorkspaceId: 2 },
    });
    await callJson(env.state, 'PostModelVersion', {
      pathParams: { modelName: 'm' },
      body: { modelName: 'm', checkpointUuid: UUID },
    });
    await expect(
      callJson(env.state, 'DeleteModel', {
        pathParams: { modelName: 'm' },
        user: { ...testUser, id: 77, username: 'other' },
      }),
    ).rejects.toMatchObject({ status: 403 });
    await callJson(env.state, 'DeleteModel', { pathParams: { modelName: 'm' } });
    expect(env.state.modelVersions.size).toBe(0);
  });

  it('registers versions from checkpoints, numbers them and lists them by version', async () => {
    await post({ name: 'm' });
    for (let i = 0; i < 3; i++)
      await callJson(env.state, 'PostModelVersion', {
        pathParams: { modelName: 'm' },
        body: { modelName: 'm', checkpointUuid: UUID, name: `v${i}` },
      });
    const latest = await callJson(env.state, 'GetModelVersions', {
      pathParams: { modelName: 'm' },
      query: { limit: 1, sortBy: 'SORT_BY_VERSION', orderBy: 'ORDER_BY_DESC' },
    });
    const versions = latest.modelVersions as Array<{
      version: number;
      checkpoint: { uuid: string };
      model: Model;
    }>;
    expect(versions.map((v) => v.version)).toEqual([3]);
    expect(versions[0]?.checkpoint.uuid).toBe(UUID);
    expect(versions[0]?.model.numVersions).toBe(3);
    expect(latest.pagination).toEqual({ offset: 0, limit: 1, startIndex: 0, endIndex: 1, total: 3 });
    const patched = await callJson(env.state, 'PatchModelVersion', {
      pathParams: { modelName: 'm', modelVersionNum: 2 },
      body: { name: 'renamed', notes: 'n' },
    });
    expect(patched.modelVersion).toMatchObject({ name: 'renamed', notes: 'n', version: 2 });
    await callJson(env.state, 'DeleteModelVersion', { pathParams: { modelName: 'm', modelVersionNum: 2 } });
    await expect(
      callJson(env.state, 'GetModelVersion', { pathParams: { modelName: 'm', modelVersionNum: 2 } }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      callJson(env.state, 'PostModelVersion', {
        pathParams: { modelName: 'm' },
        body: { modelName: 'm', checkpointUuid: 'missing' },
      }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
