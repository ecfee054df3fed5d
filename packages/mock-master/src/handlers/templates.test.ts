import { startForTest } from '../testing/start-for-test';
import { testClient } from './cluster-test-client';

type Obj = Record<string, unknown>;

describe('config templates', () => {
  const env = startForTest({ speed: 0, seed: 3 });
  const admin = testClient(env);
  beforeAll(() => admin.login());

  it('creates, reads, lists, patches, renames and deletes templates', async () => {
    const created = (
      await admin.json('POST', '/api/v1/templates/base', {
        name: 'base',
        config: { resources: { slots_per_trial: 1 } },
        workspaceId: 1,
      })
    ).template as Obj;
    expect(created).toEqual({ name: 'base', config: { resources: { slots_per_trial: 1 } }, workspaceId: 1 });
    const again = await admin.call('POST', '/api/v1/templates/base', {
      name: 'base',
      config: {},
      workspaceId: 1,
    });
    expect(again.status).toBe(409);
    await admin.json('PUT', '/api/v1/templates/other', {
      name: 'other',
      config: { description: 'x' },
      workspaceId: 1,
    });
    const listed = (await admin.json('GET', '/api/v1/templates?name=BAS')).templates as Obj[];
    expect(listed.map((t) => t.name)).toEqual(['base']);
    const patched = (await admin.json('PATCH', '/api/v1/templates/base', { max_restarts: 2 }))
      .template as Obj;
    expect(patched.config).toEqual({ max_restarts: 2 });
    const renamed = (
      await admin.json('PATCH', '/api/v1/template/rename', { oldName: 'other', newName: 'renamed' })
    ).template as Obj;
    expect(renamed.name).toBe('renamed');
    await admin.json('DELETE', '/api/v1/templates/renamed');
    const gone = await admin.call('GET', '/api/v1/templates/renamed');
    expect(gone.status).toBe(404);
    expect(JSON.stringify(gone.body)).toContain("template 'renamed' not found");
  });

  it('applies the template an experiment names under its own config, and refuses an unknown one', async () => {
    await admin.json('POST', '/api/v1/templates/defaults', {
      name: 'defaults',
      config: {
        description: 'from template',
        max_restarts: 7,
        resources: { slots_per_trial: 1, resource_pool: 'default' },
      },
      workspaceId: 1,
    });
    const created = await admin.json('POST', '/api/v1/experiments', {
      config: 'description: mine\nsearcher: {name: single, metric: loss, max_length: 10}\n',
      template: 'defaults',
      activate: false,
    });
    const config = created.config as Obj;
    expect(config.description).toBe('mine');
    expect(config.max_restarts).toBe(7);
    expect((config.resources as Obj).slots_per_trial).toBe(1);
    const missing = await admin.call('POST', '/api/v1/experiments', {
      config: 'searcher: {name: single, metric: loss, max_length: 10}\n',
      template: 'nope',
    });
    expect(missing.status).toBe(404);
  });
});
