import type { components } from '@determined-ts/bindings';

import { loadFixture, useHarness } from '../../testing/domain-fixtures';
import { ResourcePool } from './resource-pool';

type Schemas = components['schemas'];

const harness = useHarness();
const BINDINGS = '/api/v1/resource-pools/gpu pool/workspace-bindings';

describe('ResourcePool', () => {
  it('defaults to the empty name, as upstream', async () => {
    const { session } = await harness([]);
    expect(new ResourcePool(session).name).toBe('');
  });

  it('addBindings(), removeBindings() and replaceBindings() send POST, DELETE and PUT with the same body', async () => {
    const { session, server } = await harness([
      { method: 'POST', path: BINDINGS, reply: { json: {} } },
      { method: 'DELETE', path: BINDINGS, reply: { json: {} } },
      { method: 'PUT', path: BINDINGS, reply: { json: {} } },
    ]);
    const pool = new ResourcePool(session, { name: 'gpu pool' });
    await pool.addBindings(['a', 'b']);
    await pool.removeBindings(['a']);
    await pool.replaceBindings(['c']);
    expect(server.requests.map((r) => [r.method, r.body])).toEqual([
      ['POST', { resourcePoolName: 'gpu pool', workspaceNames: ['a', 'b'] }],
      ['DELETE', { resourcePoolName: 'gpu pool', workspaceNames: ['a'] }],
      ['PUT', { resourcePoolName: 'gpu pool', workspaceNames: ['c'] }],
    ]);
    expect(server.requests[0]?.search).toBe('');
  });

  it('listWorkspaces() resolves the bound workspace ids to names (upstream returns nulls)', async () => {
    const workspace = (id: number, name: string) => ({
      json: {
        workspace: {
          id,
          name,
          archived: false,
          username: 'admin',
          immutable: false,
          numProjects: 0,
          pinned: false,
          userId: 1,
          numExperiments: 0,
          state: 'WORKSPACE_STATE_UNSPECIFIED',
          errorMessage: '',
        },
      },
    });
    const { session, server } = await harness([
      {
        method: 'GET',
        path: BINDINGS,
        reply: (r) =>
          r.query.offset?.[0] === '0'
            ? { json: { workspaceIds: [1, 4], pagination: { endIndex: 2, total: 3 } } }
            : { json: { workspaceIds: [9], pagination: { endIndex: 3, total: 3 } } },
      },
      { method: 'GET', path: '/api/v1/workspaces/1', reply: workspace(1, 'Uncategorized') },
      { method: 'GET', path: '/api/v1/workspaces/4', reply: workspace(4, 'team') },
      { method: 'GET', path: '/api/v1/workspaces/9', reply: workspace(9, 'other') },
    ]);
    const pool = new ResourcePool(session, { name: 'gpu pool' });
    expect(await pool.listWorkspaces()).toEqual(['Uncategorized', 'team', 'other']);
    expect(server.requests.map((r) => `${r.path}?${r.search}`)).toEqual([
      `${BINDINGS}?offset=0`,
      '/api/v1/workspaces/1?',
      '/api/v1/workspaces/4?',
      `${BINDINGS}?offset=2`,
      '/api/v1/workspaces/9?',
    ]);
  });
});

describe('ResourcePool (upstream test_resource_pool.py)', () => {
  it('scenario 51: a pool named after the one-item fixture lists its single bound workspace', async () => {
    const { resourcePool } = loadFixture<{ resourcePool: Schemas['v1ResourcePool'] }>('resource_pool.json');
    const path = `/api/v1/resource-pools/${resourcePool.name}/workspace-bindings`;
    const workspace = loadFixture<Schemas['v1GetWorkspaceResponse']>('workspace.json');
    const { session } = await harness([
      {
        method: 'GET',
        path,
        reply: {
          json: {
            workspaceIds: [workspace.workspace.id],
            pagination: { endIndex: 1, startIndex: 0, total: 1 },
          },
        },
      },
      { method: 'GET', path: `/api/v1/workspaces/${workspace.workspace.id}`, reply: { json: workspace } },
    ]);
    const pool = new ResourcePool(session, { name: resourcePool.name });
    expect(await pool.listWorkspaces()).toEqual(['Uncategorized']);
  });
});
