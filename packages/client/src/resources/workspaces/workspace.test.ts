import type { components } from '@determined-ts/bindings';

import { InvalidArgumentError, NotFoundError } from '../../core/errors';
import { fullPage, loadFixture, pagedReply, useHarness } from '../../testing/domain-fixtures';
import { createWorkspace, deleteWorkspace, getWorkspace, listWorkspaces, Workspace } from './workspace';

type Schemas = components['schemas'];

const harness = useHarness();
const workspaceFixture = (overrides: Partial<Schemas['v1Workspace']> = {}): Schemas['v1Workspace'] => ({
  ...loadFixture<Schemas['v1GetWorkspaceResponse']>('workspace.json').workspace,
  ...overrides,
});
const projectFixture = (overrides: Partial<Schemas['v1Project']> = {}): Schemas['v1Project'] => ({
  ...loadFixture<Schemas['v1GetProjectResponse']>('project.json').project,
  ...overrides,
});

describe('Workspace (upstream test_workspace.py)', () => {
  it('scenario 47: exactly one of id and name is required; an id alone or a name alone works', async () => {
    const { session, server } = await harness([
      { method: 'GET', path: '/api/v1/workspaces', reply: fullPage('workspaces', [workspaceFixture()]) },
    ]);
    await expect(Workspace.open(session, { workspaceId: 1, workspaceName: 'Uncategorized' })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(Workspace.open(session, {})).rejects.toThrow(InvalidArgumentError);
    expect(() => new Workspace(session, {} as { workspaceId: number })).toThrow(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
    await expect(Workspace.open(session, { workspaceId: 1 })).resolves.toBeInstanceOf(Workspace);
    const byName = await Workspace.open(session, { workspaceName: 'Uncategorized' });
    expect(byName).toMatchObject({ id: 1, name: 'Uncategorized' });
    expect(server.requests.map((r) => r.query)).toEqual([{ name: ['Uncategorized'] }]);
  });

  it('scenario 48: looking up a name no workspace has raises NotFoundError', async () => {
    const { session } = await harness([
      { method: 'GET', path: '/api/v1/workspaces', reply: fullPage('workspaces', []) },
    ]);
    await expect(Workspace.byName(session, 'not_found')).rejects.toBeInstanceOf(NotFoundError);
    await expect(Workspace.byName(session, 'not_found')).rejects.toThrow(
      'No workspace found with name not_found',
    );
  });

  it('scenario 49: a workspace looked up by name "foo" takes the id of the match', async () => {
    const { session } = await harness([
      {
        method: 'GET',
        path: '/api/v1/workspaces',
        reply: fullPage('workspaces', [workspaceFixture({ id: 1, name: 'foo' })]),
      },
    ]);
    expect((await Workspace.byName(session, 'foo')).id).toBe(1);
  });

  it('scenario 50: new Workspace(session, { workspaceId: 1 }) makes no request and has a null name', async () => {
    const { session, server } = await harness([]);
    const workspace = new Workspace(session, { workspaceId: 1 });
    expect(workspace.name).toBeNull();
    expect(server.requests).toHaveLength(0);
  });

  it('more than one match for a name is an InvalidArgumentError', async () => {
    const two = [workspaceFixture({ id: 1, name: 'a' }), workspaceFixture({ id: 2, name: 'A' })];
    const { session } = await harness([
      { method: 'GET', path: '/api/v1/workspaces', reply: fullPage('workspaces', two) },
    ]);
    await expect(Workspace.byName(session, 'a')).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('reload() fills in the name of a workspace built from an id', async () => {
    const { session } = await harness([
      { method: 'GET', path: '/api/v1/workspaces/1', reply: { json: { workspace: workspaceFixture() } } },
    ]);
    const workspace = new Workspace(session, { workspaceId: 1 });
    await workspace.reload();
    expect(workspace.name).toBe('Uncategorized');
  });

  it('listPools() pages the available pools, skipping pages without a list', async () => {
    const path = '/api/v1/workspaces/1/available-resource-pools';
    const { session, server } = await harness([
      {
        method: 'GET',
        path,
        reply: (r) =>
          r.query.offset?.[0] === '0'
            ? { json: { resourcePools: ['default', 'gpu'], pagination: { endIndex: 2, total: 3 } } }
            : { json: { resourcePools: null, pagination: { endIndex: 3, total: 3 } } },
      },
    ]);
    const pools = await new Workspace(session, { workspaceId: 1 }).listPools();
    expect(pools.map((p) => p.name)).toEqual(['default', 'gpu']);
    expect(server.requests.map((r) => r.query.offset)).toEqual([['0'], ['2']]);
  });

  it('createProject() posts name, workspaceId and a null description by default', async () => {
    const { session, server } = await harness([
      {
        method: 'POST',
        path: '/api/v1/workspaces/1/projects',
        reply: { json: { project: projectFixture() } },
      },
    ]);
    const workspace = new Workspace(session, { workspaceId: 1 });
    const project = await workspace.createProject('CAPS');
    await workspace.createProject('CAPS', { description: 'd' });
    expect(project.id).toBe(1090);
    expect(server.requests.map((r) => r.body)).toEqual([
      { name: 'CAPS', workspaceId: 1, description: null },
      { name: 'CAPS', workspaceId: 1, description: 'd' },
    ]);
  });

  it('getProject() asks once by name and raises NotFoundError when nothing matches', async () => {
    const path = '/api/v1/workspaces/1/projects';
    const { session, server } = await harness([
      {
        method: 'GET',
        path,
        reply: (r) => fullPage('projects', r.query.name?.[0] === 'CAPS' ? [projectFixture()] : []),
      },
    ]);
    const workspace = new Workspace(session, { workspaceId: 1 });
    expect((await workspace.getProject('CAPS')).name).toBe('CAPS');
    await expect(workspace.getProject('nope')).rejects.toThrow("Project 'nope' not found in this workspace.");
    expect(server.requests.map((r) => r.query)).toEqual([{ name: ['CAPS'] }, { name: ['nope'] }]);
  });

  it('deleteProject() looks the project up, then deletes it by id', async () => {
    const { session, server } = await harness([
      {
        method: 'GET',
        path: '/api/v1/workspaces/1/projects',
        reply: fullPage('projects', [projectFixture()]),
      },
      { method: 'DELETE', path: '/api/v1/projects/1090', reply: { json: { completed: true } } },
    ]);
    await new Workspace(session, { workspaceId: 1 }).deleteProject('CAPS');
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/workspaces/1/projects',
      'DELETE /api/v1/projects/1090',
    ]);
  });

  it('listProjects() drains every page lazily fetched by iterProjects()', async () => {
    const projects = [1, 2, 3].map((id) => projectFixture({ id, name: `p${id}` }));
    const { session, server } = await harness([
      {
        method: 'GET',
        path: '/api/v1/workspaces/1/projects',
        reply: pagedReply('projects', projects, { maxPageSize: 2 }),
      },
    ]);
    const workspace = new Workspace(session, { workspaceId: 1 });
    const iterator = workspace.iterProjects()[Symbol.asyncIterator]();
    expect(server.requests).toHaveLength(0);
    await iterator.next();
    expect(server.requests).toHaveLength(1);
    expect((await workspace.listProjects()).map((p) => p.name)).toEqual(['p1', 'p2', 'p3']);
  });
});

describe('workspace functions of Determined', () => {
  it('getWorkspace() sends one request with the name and reports a miss as "Workspace <name> not found."', async () => {
    const { session, server } = await harness([
      {
        method: 'GET',
        path: '/api/v1/workspaces',
        reply: (r) => fullPage('workspaces', r.query.name?.[0] === 'x' ? [] : [workspaceFixture()]),
      },
    ]);
    expect((await getWorkspace(session, 'Uncategorized')).id).toBe(1);
    await expect(getWorkspace(session, 'x')).rejects.toThrow('Workspace x not found.');
    expect(server.requests.map((r) => r.search)).toEqual(['name=Uncategorized', 'name=x']);
  });

  it('listWorkspaces() pages through every workspace', async () => {
    const all = [1, 2, 3].map((id) => workspaceFixture({ id, name: `w${id}` }));
    const { session } = await harness([
      { method: 'GET', path: '/api/v1/workspaces', reply: pagedReply('workspaces', all, { maxPageSize: 2 }) },
    ]);
    expect((await listWorkspaces(session)).map((w) => [w.id, w.name])).toEqual([
      [1, 'w1'],
      [2, 'w2'],
      [3, 'w3'],
    ]);
  });

  it('createWorkspace() posts the name; deleteWorkspace() looks it up, then deletes by id', async () => {
    const { session, server } = await harness([
      {
        method: 'POST',
        path: '/api/v1/workspaces',
        reply: { json: { workspace: workspaceFixture({ id: 5, name: 'new' }) } },
      },
      {
        method: 'GET',
        path: '/api/v1/workspaces',
        reply: fullPage('workspaces', [workspaceFixture({ id: 5, name: 'new' })]),
      },
      { method: 'DELETE', path: '/api/v1/workspaces/5', reply: { json: { completed: true } } },
    ]);
    const created = await createWorkspace(session, 'new');
    expect(created).toMatchObject({ id: 5, name: 'new' });
    await deleteWorkspace(session, 'new');
    expect(server.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/api/v1/workspaces', { name: 'new' }],
      ['GET', '/api/v1/workspaces', undefined],
      ['DELETE', '/api/v1/workspaces/5', undefined],
    ]);
  });
});
