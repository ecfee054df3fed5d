import { newProject } from '../state/defaults';
import { MAX_MODEL_DEFINITION_BYTES } from '../state/experiment-config';
import { testState, testUser } from '../state/test-helpers';
import { callJson } from './test-request';

const CONFIG = 'name: e\nsearcher: {name: single, metric: validation_loss, max_length: {batches: 100}}\n';

type Exp = {
  id: number;
  name: string;
  state: string;
  labels: string[];
  description: string;
  notes: string;
  archived: boolean;
  projectId: number;
};

describe('experiment handlers', () => {
  let env: ReturnType<typeof testState>;
  beforeEach(() => {
    env = testState();
  });
  afterEach(() => env.cleanup());

  const create = async (config = CONFIG, extra: Record<string, unknown> = {}) =>
    (
      await callJson(env.state, 'CreateExperiment', {
        body: { activate: true, config, modelDefinition: null, projectId: null, template: null, ...extra },
      })
    ).experiment as Exp;

  it('creates an experiment with the expanded config and rewrites checkpoint storage to shared_fs', async () => {
    const res = await callJson(env.state, 'CreateExperiment', {
      body: {
        activate: true,
        config: `${CONFIG}checkpoint_storage: {type: s3, bucket: b, save_trial_best: 3}\n`,
      },
    });
    const config = res.config as { checkpoint_storage: Record<string, unknown>; scheduling_unit: number };
    expect(config.checkpoint_storage).toMatchObject({
      type: 'shared_fs',
      host_path: env.dir,
      storage_path: null,
      save_trial_best: 3,
    });
    expect(config.scheduling_unit).toBe(100);
    expect(res.warnings).toEqual([]);
    expect((res.experiment as Exp).state).toBe('STATE_QUEUED');
  });

  it('creates a PAUSED experiment when not activated and warns when slots exceed the pool', async () => {
    const paused = await create(CONFIG, { activate: false });
    expect(paused.state).toBe('STATE_PAUSED');
    const res = await callJson(env.state, 'CreateExperiment', {
      body: { config: `${CONFIG}resources: {slots_per_trial: 4}\n` },
    });
    expect(res.warnings).toEqual(['LAUNCH_WARNING_CURRENT_SLOTS_EXCEEDED']);
  });

  it('rejects invalid YAML, a missing searcher and an oversized model definition with InvalidArgument', async () => {
    await expect(create('name: [unclosed')).rejects.toMatchObject({ status: 400, grpcCode: 3 });
    await expect(create('name: x\n')).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('searcher'),
    });
    const big = 'A'.repeat(Math.ceil((MAX_MODEL_DEFINITION_BYTES + 4) / 3) * 4);
    const file = { path: 'big.bin', type: 48, content: big, mtime: '0', mode: 33188, uid: 0, gid: 0 };
    await expect(create(CONFIG, { modelDefinition: [file] })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('model definition size exceeds the maximum'),
    });
  });

  it('lists with filters, sorting, ordering and pagination (limit 0 = all)', async () => {
    const a = await create(
      'name: alpha\nlabels: [x, y]\nsearcher: {name: single, metric: loss, max_length: 100}',
    );
    const b = await create(
      'name: beta\nlabels: [x]\nsearcher: {name: single, metric: loss, max_length: 100}',
    );
    await create('name: gamma\nsearcher: {name: single, metric: loss, max_length: 100}', { activate: false });
    const ids = async (query: Record<string, unknown>) =>
      ((await callJson(env.state, 'GetExperiments', { query })).experiments as Exp[]).map((e) => e.id);
    expect(await ids({ labels: ['x'] })).toEqual([a.id, b.id]);
    expect(await ids({ labels: ['x', 'y'] })).toEqual([a.id]);
    expect(await ids({ name: 'AL' })).toEqual([a.id]);
    expect(await ids({ states: ['STATE_PAUSED'] })).toEqual([3]);
    expect(await ids({ sortBy: 'SORT_BY_NAME', orderBy: 'ORDER_BY_DESC' })).toEqual([3, b.id, a.id]);
    expect(await ids({ 'experimentIdFilter.incl': [1, 3] })).toEqual([1, 3]);
    expect(await ids({ 'experimentIdFilter.gt': 1, users: ['admin'] })).toEqual([2, 3]);
    const page = await callJson(env.state, 'GetExperiments', { query: { offset: 1, limit: 1 } });
    expect(page.pagination).toEqual({ offset: 1, limit: 1, startIndex: 1, endIndex: 2, total: 3 });
    expect((await callJson(env.state, 'GetExperiments', { query: { limit: 0 } })).pagination).toMatchObject({
      endIndex: 3,
      total: 3,
    });
    await expect(ids({ limit: -1 })).rejects.toMatchObject({ grpcCode: 3 });
  });

  it('leaves experiments of archived projects out of archived=false unless a project is named', async () => {
    const project = newProject({
      id: env.state.nextId('project'),
      name: 'shelved',
      workspaceId: 1,
      username: 'admin',
      userId: 2,
      creationTime: env.state.nowIso(),
    });
    env.state.projects.set(project.id, project);
    const kept = await create();
    const shelved = await create(CONFIG, { projectId: project.id });
    project.archived = true;
    const ids = async (query: Record<string, unknown>) =>
      ((await callJson(env.state, 'GetExperiments', { query })).experiments as Exp[]).map((e) => e.id);
    expect(await ids({ archived: false })).toEqual([kept.id]);
    expect(await ids({ archived: false, projectId: project.id })).toEqual([shelved.id]);
    expect(await ids({})).toEqual([kept.id, shelved.id]);
  });

  it('patches name, description, notes and labels; PUT/DELETE label answer the new label list', async () => {
    const e = await create();
    const patched = (
      await callJson(env.state, 'PatchExperiment', {
        pathParams: { 'experiment.id': e.id },
        body: { id: e.id, name: 'n2', description: 'd', notes: 'md', labels: ['l1'] },
      })
    ).experiment as Exp;
    expect([patched.name, patched.description, patched.notes, patched.labels]).toEqual([
      'n2',
      'd',
      'md',
      ['l1'],
    ]);
    expect(
      (await callJson(env.state, 'PutExperimentLabel', { pathParams: { experimentId: e.id, label: 'l2' } }))
        .labels,
    ).toEqual(['l1', 'l2']);
    expect(
      (
        await callJson(env.state, 'DeleteExperimentLabel', {
          pathParams: { experimentId: e.id, label: 'zz' },
        })
      ).labels,
    ).toEqual(['l1', 'l2']);
    expect(
      (
        await callJson(env.state, 'DeleteExperimentLabel', {
          pathParams: { experimentId: e.id, label: 'l1' },
        })
      ).labels,
    ).toEqual(['l2']);
    await expect(
      callJson(env.state, 'PatchExperiment', {
        pathParams: { 'experiment.id': e.id },
        body: { id: e.id, name: ' ' },
      }),
    ).rejects.toMatchObject({ grpcCode: 3 });
  });

  it('moves an experiment to another project', async () => {
    const e = await callJson(env.state, 'CreateExperiment', { body: { config: CONFIG } });
    const ws = (await callJson(env.state, 'PostWorkspace', { body: { name: 'w' } })).workspace as {
      id: number;
    };
    const p = (
      await callJson(env.state, 'PostProject', {
        pathParams: { workspaceId: ws.id },
        body: { name: 'p', workspaceId: ws.id },
      })
    ).project as { id: number };
    const id = (e.experiment as Exp).id;
    await callJson(env.state, 'MoveExperiment', {
      pathParams: { experimentId: id },
      body: { experimentId: id, destinationProjectId: p.id },
    });
    const moved = (await callJson(env.state, 'GetExperiment', { pathParams: { experimentId: id } }))
      .experiment as Exp & { workspaceId: number };
    expect([moved.projectId, moved.workspaceId]).toEqual([p.id, ws.id]);
  });

  it('runs the lifecycle actions and answers 404 after a completed delete', async () => {
    const e = await create();
    const act = (op: string) => callJson(env.state, op, { pathParams: { id: e.id } });
    await act('PauseExperiment');
    await expect(act('ArchiveExperiment')).rejects.toMatchObject({ grpcCode: 9 });
    await act('ActivateExperiment');
    await act('KillExperiment');
    expect(env.state.experiment(e.id).state).toBe('STATE_STOPPING_KILLED');
    env.state.advance(1000);
    await act('ArchiveExperiment');
    await act('UnarchiveExperiment');
    await expect(
      callJson(env.state, 'DeleteExperiment', {
        pathParams: { experimentId: e.id },
        user: { ...testUser, id: 99, username: 'x' },
      }),
    ).rejects.toMatchObject({ status: 403 });
    await callJson(env.state, 'DeleteExperiment', { pathParams: { experimentId: e.id } });
    expect(env.state.experiment(e.id).state).toBe('STATE_DELETING');
    env.state.advance(1000);
    await expect(
      callJson(env.state, 'GetExperiment', { pathParams: { experimentId: e.id } }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('serves the uploaded model definition as a base64 tar.gz and as a file tree', async () => {
    const files = [
      { path: 'pkg', type: 53, content: '', mtime: '1700000000', mode: 16877, uid: 0, gid: 0 },
      {
        path: 'pkg/a.py',
        type: 48,
        content: Buffer.from('a\n').toString('base64'),
        mtime: '1700000000',
        mode: 33188,
        uid: 0,
        gid: 0,
      },
      {
        path: 'main.py',
        type: 48,
        content: Buffer.from('m\n').toString('base64'),
        mtime: '1700000000',
        mode: 33188,
        uid: 0,
        gid: 0,
      },
    ];
    const e = await create(CONFIG, { modelDefinition: files });
    const def = await callJson(env.state, 'GetModelDef', { pathParams: { experimentId: e.id } });
    expect(Buffer.from(def.b64Tgz as string, 'base64').subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const tree = (await callJson(env.state, 'GetModelDefTree', { pathParams: { experimentId: e.id } }))
      .files as Array<{ path: string; isDir: boolean; files: Array<{ path: string }> }>;
    expect(tree.map((n) => [n.path, n.isDir])).toEqual([
      ['main.py', false],
      ['pkg', true],
    ]);
    expect(tree[1]?.files.map((f) => f.path)).toEqual(['pkg/a.py']);
  });
});
