import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringify } from 'yaml';
import { testClient } from '../handlers/cluster-test-client';
import { startForTest } from '../testing/start-for-test';

describe('webhook events and the answers that reveal them', () => {
  const env = startForTest({ seed: 4, speed: 0 });
  const admin = testClient(env);
  const paths: string[] = [];
  let receiver: Server;
  let url = '';
  beforeAll(async () => {
    await admin.login();
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        paths.push(req.url ?? '');
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('has POSTed a state change by the time the answer showing the new state arrives', async () => {
    const config = stringify({
      name: 'seen',
      hyperparameters: { actions: { '1': { action: 'report', group: 'training', metrics: { x: 1 } } } },
      searcher: { name: 'single', metric: 'x' },
    });
    // A dead endpoint registered first holds up no other delivery (each event is its own task).
    await admin.json('POST', '/api/v1/webhooks', {
      url: 'http://127.0.0.1:9/dead',
      name: 'dead',
      webhookType: 'WEBHOOK_TYPE_DEFAULT',
      mode: 'WEBHOOK_MODE_WORKSPACE',
      triggers: [{ triggerType: 'TRIGGER_TYPE_EXPERIMENT_STATE_CHANGE', condition: { state: 'COMPLETED' } }],
    });
    await admin.json('POST', '/api/v1/webhooks', {
      url: `${url}/seen`,
      name: 'seen',
      webhookType: 'WEBHOOK_TYPE_DEFAULT',
      mode: 'WEBHOOK_MODE_WORKSPACE',
      triggers: [{ triggerType: 'TRIGGER_TYPE_EXPERIMENT_STATE_CHANGE', condition: { state: 'COMPLETED' } }],
    });
    const created = await admin.json('POST', '/api/v1/experiments', { config, activate: true });
    const id = (created.experiment as { id: number }).id;
    expect(paths).toEqual([]);
    env.mock.state.advance(600_000);
    const { experiment } = (await admin.json('GET', `/api/v1/experiments/${id}`)) as {
      experiment: { state: string };
    };
    expect(experiment.state).toBe('STATE_COMPLETED');
    expect(paths).toEqual(['/seen']);
  });
});
