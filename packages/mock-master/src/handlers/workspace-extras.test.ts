import { startForTest } from '../testing/start-for-test';
import { testClient } from './cluster-test-client';

type Obj = Record<string, unknown>;

describe('workspace extras, namespace bindings on the agent RM, and cluster usage', () => {
  const env = startForTest({
    speed: 0,
    seed: 17,
    scenario: {
      workspaces: [{ name: 'team', owner: 'admin' }],
      experiments: [
        { id: 1, labels: ['nlp'], trials: [{ id: 10, training: [{ batches: 10, metrics: { loss: 1 } }] }] },
      ],
    },
  });
  const admin = testClient(env);
  const user = testClient(env, 'determined');
  beforeAll(async () => {
    await admin.login();
    await user.login();
  });

  it('renames, pins, archives and unarchives a workspace, refusing the immutable default one', async () => {
    const ws = ((await admin.json('GET', '/api/v1/workspaces?name=team')).workspaces as Obj[])[0] as Obj;
    const id = ws.id as number;
    const patched = (
      await admin.json('PATCH', `/api/v1/workspaces/${id}`, { name: 'team-2', defaultComputePool: 'default' })
    ).workspace as Obj;
    expect(patched).toMatchObject({ name: 'team-2', defaultComputePool: 'default' });
    await admin.json('POST', `/api/v1/workspaces/${id}/pin`);
    expect(((await admin.json('GET', `/api/v1/workspaces/${id}`)).workspace as Obj).pinned).toBe(true);
    await admin.json('POST', `/api/v1/workspaces/${id}/archive`);
    // As on the master, archiving twice is no error, and an archived workspace takes no changes.
    await admin.json('POST', `/api/v1/workspaces/${id}/archive`);
    expect(await admin.call('PATCH', `/api/v1/workspaces/${id}`, { name: 'team-3' })).toEqual({
      status: 500,
      body: {
        error: {
          code: 13,
          reason: 'Internal',
          error: `workspace (${id}) is archived and cannot add new projects`,
        },
      },
    });
    await admin.json('POST', `/api/v1/workspaces/${id}/unarchive`);
    expect((await admin.call('POST', '/api/v1/workspaces/1/archive')).body).toEqual({
      error: { code: 13, reason: 'Internal', error: 'error archiving workspace (1): not found' },
    });
    expect((await user.call('PATCH', `/api/v1/workspaces/${id}`, { name: 'mine' })).status).toBe(403);
  });

  it('has no namespace bindings or quotas, and refuses to bind namespaces as the agent RM does', async () => {
    expect(await admin.json('GET', '/api/v1/workspaces/1/list-namespace-bindings')).toEqual({
      namespaceBindings: {},
    });
    expect(await admin.json('GET', '/api/v1/workspaces/1/get-k8s-resource-quotas')).toEqual({
      resourceQuotas: {},
    });
    const auto = await admin.call('POST', '/api/v1/workspaces/1/namespace-bindings', {
      workspaceId: 1,
      clusterNamespaceMeta: { '': { autoCreateNamespace: true } },
    });
    expect(auto.status).toBe(500);
    expect(JSON.stringify(auto.body)).toContain(
      'cannot create a namespace with resource manager type AgentRM',
    );
    const named = await admin.call('POST', '/api/v1/workspaces/1/namespace-bindings', {
      workspaceId: 1,
      clusterNamespaceMeta: { '': { namespace: 'ns' } },
    });
    expect(named.status).toBe(404);
    expect(
      (await user.call('POST', '/api/v1/workspaces/1/namespace-bindings', { workspaceId: 1 })).status,
    ).toBe(403);
  });

  it('reports slot-seconds of trials and tasks, raw and aggregated by day', async () => {
    await admin.json('POST', '/api/v1/commands', { config: { entrypoint: 'sleep 100' } });
    env.mock.state.advance(60_000);
    const now = new Date(env.mock.state.nowMs());
    const raw = (
      await admin.json(
        'GET',
        `/api/v1/resources/allocation/raw?timestampAfter=2000-01-01T00:00:00Z&timestampBefore=${now.toISOString()}`,
      )
    ).resourceEntries as Obj[];
    expect(raw.map((e) => e.kind).sort()).toEqual(['command', 'experiment']);
    expect((raw.find((e) => e.kind === 'command')?.seconds as number) > 50).toBe(true);
    const day = now.toISOString().slice(0, 10);
    const aggregated = (
      await admin.json(
        'GET',
        `/api/v1/resources/allocation/aggregated?startDate=${day}&endDate=${day}&period=RESOURCE_ALLOCATION_AGGREGATION_PERIOD_DAILY`,
      )
    ).resourceEntries as Obj[];
    expect(aggregated).toHaveLength(1);
    expect(((aggregated[0] as Obj).byUsername as Obj).admin).toBeGreaterThan(50);
    const noPeriod = await admin.call(
      'GET',
      `/api/v1/resources/allocation/aggregated?startDate=${day}&endDate=${day}`,
    );
    expect(JSON.stringify(noPeriod.body)).toContain('no aggregation period specified');
  });
});
