import { startForTest } from '../testing/start-for-test';
import { testClient } from './cluster-test-client';

type Obj = Record<string, unknown>;

describe('master configuration, logs and the cluster message', () => {
  const env = startForTest({ speed: 0, seed: 8 });
  const admin = testClient(env);
  const user = testClient(env, 'determined');
  beforeAll(async () => {
    await admin.login();
    await user.login();
  });

  it('shows the master config to admins and changes its log level', async () => {
    const config = (await admin.json('GET', '/api/v1/master/config')).config as Obj;
    expect(config.log).toEqual({ level: 'info', color: true });
    await admin.json('PATCH', '/api/v1/master/config', {
      config: { log: { level: 'LOG_LEVEL_DEBUG' } },
      fieldMask: { paths: ['log.level'] },
    });
    expect(((await admin.json('GET', '/api/v1/master/config')).config as Obj).log).toEqual({
      level: 'debug',
      color: true,
    });
    expect((await user.call('GET', '/api/v1/master/config')).status).toBe(403);
  });

  it('sets, reads and clears the cluster message, with the master checks on its end time', async () => {
    expect(await admin.json('GET', '/api/v1/master/cluster_message')).toEqual({ clusterMessage: null });
    await admin.json('PUT', '/api/v1/master/cluster_message', {
      message: 'upgrade',
      startTime: '2024-01-01T00:00:00Z',
      duration: '90m',
    });
    const message = (await admin.json('GET', '/api/v1/master/cluster_message')).clusterMessage as Obj;
    expect(message).toMatchObject({
      message: 'upgrade',
      startTime: '2024-01-01T00:00:00Z',
      endTime: '2024-01-01T01:30:00Z',
    });
    const both = await admin.call('PUT', '/api/v1/master/cluster_message', {
      message: 'x',
      startTime: '2024-01-01T00:00:00Z',
      endTime: '2024-01-02T00:00:00Z',
      duration: '1h',
    });
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body)).toContain('EndTime and Duration are mutually exclusive');
    expect(
      (
        await admin.call('PUT', '/api/v1/master/cluster_message', {
          message: 'x',
          startTime: '2024-01-01T00:00:00Z',
          duration: 'soon',
        })
      ).status,
    ).toBe(400);
    await admin.json('DELETE', '/api/v1/master/cluster_message');
    expect(await admin.json('GET', '/api/v1/master/cluster_message')).toEqual({ clusterMessage: null });
  });

  it('streams master log entries with offset and limit, and reports telemetry off', async () => {
    const entries = (await admin.lines('/api/v1/master/logs?offset=1&limit=2')) as Array<{ logEntry: Obj }>;
    expect(entries.map((e) => e.logEntry.id)).toEqual([2, 3]);
    expect(await user.json('GET', '/api/v1/master/telemetry')).toEqual({ enabled: false, segmentKey: '' });
  });
});
