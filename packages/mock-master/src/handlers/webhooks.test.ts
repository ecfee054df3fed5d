import { startForTest } from '../testing/start-for-test';
import { testClient } from './cluster-test-client';

type Obj = Record<string, unknown>;

const hook = (extra: Obj = {}) => ({
  url: 'https://example.com/hook',
  name: 'done',
  webhookType: 'WEBHOOK_TYPE_SLACK',
  mode: 'WEBHOOK_MODE_WORKSPACE',
  triggers: [{ triggerType: 'TRIGGER_TYPE_EXPERIMENT_STATE_CHANGE', condition: { state: 'COMPLETED' } }],
  ...extra,
});

describe('webhooks', () => {
  const env = startForTest({ speed: 0, seed: 5 });
  const admin = testClient(env);
  const user = testClient(env, 'determined');
  beforeAll(async () => {
    await admin.login();
    await user.login();
  });

  it('creates, lists, patches, tests and deletes webhooks, keeping them in the store webhook delivery reads', async () => {
    const created = (await admin.json('POST', '/api/v1/webhooks', hook())).webhook as Obj;
    expect(created).toMatchObject({
      id: 1,
      url: 'https://example.com/hook',
      webhookType: 'WEBHOOK_TYPE_SLACK',
    });
    expect((created.triggers as Obj[])[0]).toMatchObject({
      id: 1,
      webhookId: 1,
      condition: { state: 'COMPLETED' },
    });
    await admin.json('PATCH', '/api/v1/webhooks/1', { url: 'https://example.com/other' });
    expect(env.mock.state.cluster.webhooks.list().map((h) => h.url)).toEqual(['https://example.com/other']);
    expect(await admin.json('POST', '/api/v1/webhooks/1/test')).toEqual({ completed: true });
    expect(((await admin.json('GET', '/api/v1/webhooks')).webhooks as Obj[]).map((h) => h.id)).toEqual([1]);
    await admin.json('DELETE', '/api/v1/webhooks/1');
    expect((await admin.json('GET', '/api/v1/webhooks')).webhooks).toEqual([]);
    expect((await admin.call('DELETE', '/api/v1/webhooks/1')).status).toBe(404);
  });

  it('checks triggers, URLs and custom-trigger modes like the master, and keeps global webhooks to admins', async () => {
    const cases: Array<[Obj, string]> = [
      [hook({ triggers: [] }), 'at least one trigger required'],
      [hook({ url: 'not a url' }), 'valid url required'],
      [
        hook({ triggers: [{ triggerType: 'TRIGGER_TYPE_TASK_LOG', condition: {} }] }),
        'webhook task log condition must have one key',
      ],
      [
        hook({ triggers: [{ triggerType: 'TRIGGER_TYPE_CUSTOM', condition: {} }] }),
        "custom trigger only works on webhook with mode 'SPECIFIC'",
      ],
    ];
    for (const [body, message] of cases) {
      const answer = await admin.call('POST', '/api/v1/webhooks', body);
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body)).toContain(message);
    }
    const denied = await user.call('POST', '/api/v1/webhooks', hook());
    expect(denied).toEqual({
      status: 500,
      body: { error: { code: 13, reason: 'Internal', error: "non admin users can't edit global webhooks" } },
    });
  });

  it("lets a workspace's owner edit its webhooks, shows global ones to everyone, and others' only to admins", async () => {
    const owner = testClient(env, 'hookowner');
    await admin.json('POST', '/api/v1/users', {
      user: { username: 'hookowner', admin: false, active: true },
      password: '',
      isHashed: true,
    });
    await owner.login();
    const global = ((await admin.json('POST', '/api/v1/webhooks', hook())).webhook as Obj).id as number;
    const ws = ((await owner.json('POST', '/api/v1/workspaces', { name: 'hooks' })).workspace as Obj)
      .id as number;
    const mine = ((await owner.json('POST', '/api/v1/webhooks', hook({ workspaceId: ws }))).webhook as Obj)
      .id as number;
    expect((await user.call('POST', '/api/v1/webhooks', hook({ workspaceId: ws }))).status).toBe(500);
    const ids = async (client: typeof admin) =>
      ((await client.json('GET', '/api/v1/webhooks')).webhooks as Obj[]).map((h) => h.id);
    expect(await ids(user)).toContain(global);
    expect(await ids(user)).not.toContain(mine);
    expect(await ids(owner)).toEqual(expect.arrayContaining([global, mine]));
    expect(await ids(admin)).toEqual(expect.arrayContaining([global, mine]));
    expect((await user.call('DELETE', `/api/v1/webhooks/${mine}`)).status).toBe(500);
    expect((await owner.call('DELETE', `/api/v1/webhooks/${global}`)).status).toBe(500);
    await admin.json('DELETE', `/api/v1/webhooks/${global}`);
    await owner.json('DELETE', `/api/v1/webhooks/${mine}`);
  });
});
