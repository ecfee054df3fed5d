import { startForTest } from '../testing/start-for-test';
import { testClient } from './cluster-test-client';

type Obj = Record<string, unknown>;

const internal = (error: string) => ({
  status: 500,
  body: { error: { code: 13, reason: 'Internal', error } },
});

describe('workspace and project rules of the master', () => {
  const env = startForTest({ speed: 0, seed: 3 });
  const admin = testClient(env);
  const user = testClient(env, 'wsuser');
  beforeAll(async () => {
    await admin.login();
    await admin.json('POST', '/api/v1/users', {
      user: { username: 'wsuser', admin: false, active: true },
      password: '',
      isHashed: true,
    });
    await user.login();
  });

  const newWorkspace = async (name: string) =>
    ((await user.json('POST', '/api/v1/workspaces', { name })).workspace as Obj).id as number;
  const newProject = async (workspaceId: number, name: string) =>
    (
      (await user.json('POST', `/api/v1/workspaces/${workspaceId}/projects`, { name, workspaceId }))
        .project as Obj
    ).id as number;

  it('checks workspace names as the master does', async () => {
    expect((await user.call('POST', '/api/v1/workspaces', { name: '' })).status).toBe(400);
    expect((await user.call('POST', '/api/v1/workspaces', { name: '   ' })).body).toMatchObject({
      error: { error: 'name must contain at least non-whitespace letter' },
    });
    expect((await user.call('POST', '/api/v1/workspaces', { name: 'x'.repeat(54) })).status).toBe(400);
    await newWorkspace('Names');
    expect((await user.call('POST', '/api/v1/workspaces', { name: 'NAMES' })).status).toBe(409);
  });

  it('sorts workspaces and projects by name in the database collation, not by code units', async () => {
    const ws = await newWorkspace('_TestPatched');
    await newWorkspace('_TestWS');
    const names = async (path: string, key: string) =>
      ((await user.json('GET', path))[key] as Obj[])
        .map((w) => w.name)
        .filter((n) => String(n).match(/^_|^Unc/));
    expect(await names('/api/v1/workspaces?sortBy=SORT_BY_NAME', 'workspaces')).toEqual([
      '_TestPatched',
      '_TestWS',
      'Uncategorized',
    ]);
    for (const name of ['_TestPRJ', '_TestEarly', '_TestPatchedProject']) await newProject(ws, name);
    expect(await names(`/api/v1/workspaces/${ws}/projects?sortBy=SORT_BY_NAME`, 'projects')).toEqual([
      '_TestEarly',
      '_TestPatchedProject',
      '_TestPRJ',
    ]);
    expect(await names(`/api/v1/workspaces/${ws}/projects?orderBy=ORDER_BY_DESC`, 'projects')).toEqual([
      '_TestPatchedProject',
      '_TestEarly',
      '_TestPRJ',
    ]);
  });

  it('keeps pins per user, and pins a new workspace for its creator', async () => {
    const ws = await newWorkspace('Pinned');
    const pinned = async (client: typeof admin) =>
      ((await client.json('GET', '/api/v1/workspaces?pinned=true')).workspaces as Obj[]).map((w) => w.id);
    expect(await pinned(user)).toContain(ws);
    expect(await pinned(admin)).not.toContain(ws);
    expect(((await admin.json('GET', `/api/v1/workspaces/${ws}`)).workspace as Obj).pinned).toBe(false);
    await user.json('POST', `/api/v1/workspaces/${ws}/unpin`);
    await admin.json('POST', `/api/v1/workspaces/${ws}/pin`);
    expect(await pinned(user)).not.toContain(ws);
    expect(await pinned(admin)).toContain(ws);
  });

  it('refuses changes to the default workspace and project, and non-owners get PermissionDenied', async () => {
    expect(
      await user.call('POST', '/api/v1/workspaces/1/projects', { name: 'nope', workspaceId: 1 }),
    ).toEqual(internal('workspace (1) is immutable and cannot add new projects'));
    expect(await admin.call('DELETE', '/api/v1/workspaces/1')).toEqual(
      internal('workspace (1) does not exist or not deletable by this user: not found'),
    );
    for (const path of [
      '/api/v1/workspaces/1/archive',
      '/api/v1/workspaces/1/unarchive',
      '/api/v1/projects/1/archive',
    ])
      expect((await user.call('POST', path)).status).toBe(403);
    expect((await user.call('DELETE', '/api/v1/workspaces/1')).status).toBe(403);
    expect((await user.call('DELETE', '/api/v1/projects/1')).status).toBe(403);
    expect(await admin.call('PATCH', '/api/v1/projects/1', { name: 'renamed' })).toEqual(
      internal('project (1) is immutable and cannot have attributes updated'),
    );
    expect(await admin.call('POST', '/api/v1/projects/1/archive')).toEqual(
      internal('error archiving project (1): not found'),
    );
  });

  it('freezes archived projects and the projects of archived workspaces', async () => {
    const ws = await newWorkspace('Frozen');
    const other = await newWorkspace('Other');
    const project = await newProject(ws, 'p');
    await user.json('POST', `/api/v1/projects/${project}/archive`);
    expect(await user.call('PATCH', `/api/v1/projects/${project}`, { name: 'q' })).toEqual(
      internal(`project (${project}) is archived and cannot have attributes updated`),
    );
    const move = { destinationWorkspaceId: other, projectId: project };
    expect(await user.call('POST', `/api/v1/projects/${project}/move`, move)).toEqual(
      internal(`error moving project (${project}): not found`),
    );
    await user.json('POST', `/api/v1/projects/${project}/unarchive`);
    await user.json('POST', `/api/v1/workspaces/${ws}/archive`);
    expect(((await user.json('GET', `/api/v1/projects/${project}`)).project as Obj).archived).toBe(true);
    const frozen = internal(
      'This project belongs to an archived workspace. To make changes, first unarchive the workspace.',
    );
    expect(await user.call('POST', `/api/v1/projects/${project}/archive`)).toEqual(frozen);
    expect(await user.call('POST', `/api/v1/projects/${project}/unarchive`)).toEqual(frozen);
    expect((await user.call('POST', `/api/v1/projects/${project}/move`, move)).status).toBe(500);
    expect(await user.call('PATCH', `/api/v1/workspaces/${ws}`, { name: 'Thawed' })).toEqual(
      internal(`workspace (${ws}) is archived and cannot add new projects`),
    );
    const into = { destinationWorkspaceId: ws, projectId: await newProject(other, 'mover') };
    expect(await user.call('POST', `/api/v1/projects/${into.projectId}/move`, into)).toEqual(
      internal(`workspace (${ws}) is archived and cannot add new projects`),
    );
    const intoDefault = { destinationWorkspaceId: 1, projectId: into.projectId };
    expect((await user.call('POST', `/api/v1/projects/${into.projectId}/move`, intoDefault)).status).toBe(
      500,
    );
    await user.json('POST', `/api/v1/workspaces/${ws}/unarchive`);
    await newProject(ws, 'mover');
    expect(await user.call('POST', `/api/v1/projects/${into.projectId}/move`, into)).toEqual(
      internal("project with name 'mover' already exists in target workspace"),
    );
  });

  it('moves no experiment out of or into an archived project', async () => {
    const ws = await newWorkspace('Moves');
    const project = await newProject(ws, 'target');
    const config =
      'name: m\nsearcher: {name: single, metric: loss, max_length: {batches: 10}}\nentrypoint: model_def:T\n';
    const exp = ((await user.json('POST', '/api/v1/experiments', { config })).experiment as Obj).id as number;
    const move = (to: number) =>
      user.call('POST', `/api/v1/experiments/${exp}/move`, { experimentId: exp, destinationProjectId: to });
    await user.json('POST', `/api/v1/projects/${project}/archive`);
    expect(await move(project)).toEqual(
      internal(`project (${project}) is archived and cannot add new experiments`),
    );
    await user.json('POST', `/api/v1/projects/${project}/unarchive`);
    expect((await move(project)).status).toBe(200);
    await user.json('POST', `/api/v1/projects/${project}/archive`);
    expect(await move(1)).toEqual(
      internal(`project (${project}) is archived and cannot have experiments moved from it`),
    );
  });

  it('launches nothing into an archived workspace, and a deleted workspace takes its tasks and templates', async () => {
    const ws = await newWorkspace('Tasks');
    await user.json('POST', `/api/v1/workspaces/${ws}/archive`);
    expect(await user.call('POST', '/api/v1/notebooks', { workspaceId: ws })).toMatchObject({
      status: 404,
      body: { error: { error: `workspace '${ws}' not found` } },
    });
    await user.json('POST', `/api/v1/workspaces/${ws}/unarchive`);
    const notebook = ((await user.json('POST', '/api/v1/notebooks', { workspaceId: ws })).notebook as Obj)
      .id as string;
    const elsewhere = ((await user.json('POST', '/api/v1/notebooks', {})).notebook as Obj).id as string;
    await user.json('POST', '/api/v1/templates/ws-tpl', { name: 'ws-tpl', config: {}, workspaceId: ws });
    await user.json('DELETE', `/api/v1/workspaces/${ws}`);
    // The master kills the allocations of a deleted workspace outright (no stopping period).
    expect(((await user.json('GET', `/api/v1/notebooks/${notebook}`)).notebook as Obj).state).toBe(
      'STATE_TERMINATED',
    );
    env.mock.state.advance(60_000);
    expect(((await user.json('GET', `/api/v1/notebooks/${elsewhere}`)).notebook as Obj).state).not.toMatch(
      /TERMINAT/,
    );
    expect((await user.call('GET', '/api/v1/templates/ws-tpl')).status).toBe(404);
    // Exited tasks leave the listings, as the master's command service unregisters them.
    const listed = ((await user.json('GET', '/api/v1/notebooks')).notebooks as Obj[]).map((n) => n.id);
    expect(listed).toEqual([elsewhere]);
    expect((await user.call('GET', `/api/v1/notebooks?workspaceId=${ws}`)).status).toBe(404);
  });
});
