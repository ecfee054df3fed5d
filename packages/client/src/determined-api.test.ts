import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NotFoundError } from './core/errors';
import { createLogger } from './core/logger';
import { Determined } from './determined';
import { type RecordingServer, startRecordingServer } from './testing/recording-server';

const silent = createLogger({ env: { DET_TS_LOG: 'silent' } });

describe('det.api rides on the session of the facade', () => {
  let server: RecordingServer;
  let configDir: string;
  let det: Determined;

  beforeEach(async () => {
    configDir = await mkdtemp(path.join(tmpdir(), 'det-api-'));
    server = await startRecordingServer([
      {
        method: 'POST',
        path: '/api/v1/auth/login',
        reply: { json: { token: 'fresh', user: { username: 'bob' } } },
      },
      { method: 'GET', path: '/api/v1/model/labels', reply: { json: { labels: ['a'] } } },
      {
        method: 'GET',
        path: '/api/v1/master',
        reply: [{ status: 503 }, { json: { version: '0.38.1', masterId: 'm', clusterId: 'c' } }],
      },
    ]);
    det = new Determined({
      master: server.url,
      user: 'bob',
      password: 'Secret-pw-1',
      configDir,
      env: {},
      retry: { backoffBaseMs: 1, jitter: 0 },
      logger: silent,
    });
  });

  afterEach(async () => {
    await det.close();
    await server.close();
    await rm(configDir, { recursive: true, force: true });
  });

  it('logs in once for facade calls and det.api calls together, and both carry that token', async () => {
    const [labels, master] = await Promise.all([det.getModelLabels(), det.api.GET('/api/v1/master', {})]);
    expect(labels).toEqual(['a']);
    expect(master.data?.version).toBe('0.38.1');
    expect(server.requestsTo('POST', '/api/v1/auth/login')).toHaveLength(1);
    const authorized = server.requests.filter((r) => r.path !== '/api/v1/auth/login');
    expect(authorized.map((r) => r.headers.authorization)).toEqual([
      'Bearer fresh',
      'Bearer fresh',
      'Bearer fresh',
    ]);
  });

  it("applies the session's retry policy to det.api (a 503 is retried) and its typed errors", async () => {
    const { data } = await det.api.GET('/api/v1/master', {});
    expect(data?.clusterId).toBe('c');
    expect(server.requestsTo('GET', '/api/v1/master')).toHaveLength(2);
    await expect(det.api.GET('/api/v1/agents', {})).rejects.toBeInstanceOf(NotFoundError);
  });
});
