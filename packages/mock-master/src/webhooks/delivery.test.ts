import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringify } from 'yaml';
import { startForTest } from '../testing/start-for-test';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const mock = startForTest({ seed: 9, speed: 200, webhookSigningKey: 'test-key' });
let receiver: Server;
let receiverUrl = '';
const received: Received[] = [];
let failuresLeft = 0;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failuresLeft > 0) {
        failuresLeft--;
        res.writeHead(503).end();
        return;
      }
      received.push({
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
});

async function api(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<Record<string, unknown>> {
  const token = await mock.login('admin');
  const res = await fetch(`${mock.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}` },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

async function addWebhook(fields: Record<string, unknown>): Promise<number> {
  const body = { webhookType: 'WEBHOOK_TYPE_DEFAULT', mode: 'WEBHOOK_MODE_WORKSPACE', ...fields };
  return ((await api('/api/v1/webhooks', { method: 'POST', body })).webhook as { id: number }).id;
}

async function runNoop(
  actions: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): Promise<number> {
  const config = stringify({
    name: 'hooked',
    hyperparameters: { actions: Object.fromEntries(actions.map((a, i) => [String(i + 1), a])) },
    max_restarts: 0,
    searcher: { name: 'single', metric: 'x' },
    ...extra,
  });
  const created = await api('/api/v1/experiments', { method: 'POST', body: { config, activate: true } });
  const id = (created.experiment as { id: number }).id;
  for (let i = 0; i < 200; i++) {
    const { experiment } = (await api(`/api/v1/experiments/${id}`)) as { experiment: { state: string } };
    if (experiment.state === 'STATE_COMPLETED' || experiment.state === 'STATE_ERROR') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await mock.mock.webhooks.flush();
  return id;
}

const stateTrigger = (state: string) => ({
  triggerType: 'TRIGGER_TYPE_EXPERIMENT_STATE_CHANGE',
  condition: { state },
});

describe('webhook delivery', () => {
  it('POSTs a signed EXPERIMENT_STATE_CHANGE event when an experiment reaches a watched state', async () => {
    const id = await addWebhook({
      url: `${receiverUrl}/done`,
      name: 'done',
      triggers: [stateTrigger('COMPLETED')],
    });
    const expId = await runNoop([{ action: 'report', group: 'training', metrics: { x: 1 } }]);
    const hits = received.filter((r) => r.path === '/done');
    expect(hits).toHaveLength(1);
    const [hit] = hits;
    const payload = JSON.parse(hit?.body ?? '{}') as Record<string, unknown>;
    expect(payload).toEqual({
      event_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      event_type: 'EXPERIMENT_STATE_CHANGE',
      timestamp: expect.any(Number),
      condition: { state: 'COMPLETED' },
      event_data: {
        experiment: {
          id: expId,
          state: 'COMPLETED',
          name: 'hooked',
          duration: expect.any(Number),
          resource_pool: 'default',
          slots_per_trial: 1,
          workspace: '',
          project: '',
        },
      },
    });
    const stamp = hit?.headers['x-determined-ai-signature-timestamp'];
    const expected = createHmac('sha256', 'test-key')
      .update(`${String(stamp)},${hit?.body}`)
      .digest('hex');
    expect(hit?.headers['x-determined-ai-signature']).toBe(expected);
    expect(hit?.headers['content-type']).toBe('application/json; charset=UTF-8');
    await api(`/api/v1/webhooks/${id}`, { method: 'DELETE' });
  });

  it('sends a Slack message for an errored experiment, and retries a webhook that answers 503', async () => {
    const id = await addWebhook({
      url: `${receiverUrl}/slack`,
      name: 'slack',
      webhookType: 'WEBHOOK_TYPE_SLACK',
      triggers: [stateTrigger('ERROR')],
    });
    failuresLeft = 2;
    const expId = await runNoop([{ action: 'exit', code: 7 }]);
    const hits = received.filter((r) => r.path === '/slack');
    expect(hits).toHaveLength(1);
    const slack = JSON.parse(hits[0]?.body ?? '{}') as { blocks: unknown[]; attachments: unknown[] };
    expect(slack.blocks).toEqual([
      { text: { type: 'plain_text', text: 'Your experiment has stopped with errors' }, type: 'section' },
    ]);
    expect(JSON.stringify(slack.attachments)).toContain(`❌ hooked (#${expId})`);
    await api(`/api/v1/webhooks/${id}`, { method: 'DELETE' });
  });

  it('fires a TASK_LOG trigger once per trial for a matching log line, and SPECIFIC webhooks only when named', async () => {
    const logged = await addWebhook({
      url: `${receiverUrl}/log`,
      name: 'log',
      triggers: [{ triggerType: 'TRIGGER_TYPE_TASK_LOG', condition: { regex: 'secret-(\\d+)' } }],
    });
    const specific = await addWebhook({
      url: `${receiverUrl}/specific`,
      name: 'specific-hook',
      mode: 'WEBHOOK_MODE_SPECIFIC',
      workspaceId: 1,
      triggers: [stateTrigger('COMPLETED')],
    });
    const log = (text: string) => ({
      action: 'log',
      base64: Buffer.from(text).toString('base64'),
      level: 20,
    });
    await runNoop([log('secret-1'), log('secret-2')]);
    await runNoop([], { integrations: { webhooks: { webhook_name: ['specific-hook'] } } });
    const logs = received.filter((r) => r.path === '/log').map((r) => JSON.parse(r.body));
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      event_type: 'TASK_LOG',
      condition: { regex: 'secret-(\\d+)' },
      event_data: {
        task_log: { node_name: 'mock-agent', triggering_log: expect.stringContaining('secret-1') },
      },
    });
    expect(received.filter((r) => r.path === '/specific')).toHaveLength(1);
    await api(`/api/v1/webhooks/${logged}`, { method: 'DELETE' });
    await api(`/api/v1/webhooks/${specific}`, { method: 'DELETE' });
  });

  it('delivers TestWebhook and PostWebhookEventData (CUSTOM) requests', async () => {
    const id = await addWebhook({
      url: `${receiverUrl}/custom`,
      name: 'custom-hook',
      mode: 'WEBHOOK_MODE_SPECIFIC',
      workspaceId: 1,
      triggers: [{ triggerType: 'TRIGGER_TYPE_CUSTOM', condition: {} }],
    });
    await api(`/api/v1/webhooks/${id}/test`, { method: 'POST' });
    const expId = await runNoop([], { integrations: { webhooks: { webhook_id: [id] } } });
    const data = { title: 't', description: 'd', level: 'LOG_LEVEL_INFO' };
    await api('/api/v1/webhooks/custom', { method: 'POST', body: { data, experimentId: expId, trialId: 0 } });
    await mock.mock.webhooks.flush();
    const bodies = received.filter((r) => r.path === '/custom').map((r) => JSON.parse(r.body));
    expect(bodies[0]).toMatchObject({ condition: { state: 'COMPLETED' }, event_data: { data: 'test' } });
    expect(bodies[1]).toMatchObject({
      event_type: 'CUSTOM',
      event_data: {
        experiment: { id: expId },
        custom_data: { title: 't', description: 'd', level: 'LOG_LEVEL_INFO' },
      },
    });
    await api(`/api/v1/webhooks/${id}`, { method: 'DELETE' });
  });
});
