import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as client from './client';
import { InternalServerError, InvalidArgumentError } from './core/errors';
import { createLogger } from './core/logger';
import { ModelOrderBy, ModelSortBy } from './lib/enums';
import { type RecordingServer, type Reply, startRecordingServer } from './testing/recording-server';

const user = { id: 7, username: 'alice', admin: false, active: true };
const model = {
  id: 1,
  name: 'm',
  creationTime: '2024-01-01T00:00:00Z',
  lastUpdatedTime: '2024-01-01T00:00:00Z',
  metadata: {},
  numVersions: 0,
  userId: 7,
  username: 'alice',
  workspaceId: 1,
  description: '',
  labels: [],
  notes: '',
  archived: false,
};
const silent = createLogger({ env: { DET_TS_LOG: 'silent' } });

let server: RecordingServer;
let configDir: string;
const savedEnv = { ...process.env };

function routes(loginReplies: Reply | Reply[] = { json: { token: 'tok', user } }) {
  return [
    { method: 'POST', path: '/api/v1/auth/login', reply: loginReplies },
    { method: 'POST', path: '/api/v1/auth/logout', reply: { json: {} } },
    { method: 'GET', path: '/api/v1/me', reply: { json: { user } } },
    { method: 'POST', path: '/api/v1/models', reply: { json: { model } } },
    {
      method: 'GET',
      path: '/api/v1/models',
      reply: {
        json: { models: [model], pagination: { offset: 0, limit: 0, startIndex: 0, endIndex: 1, total: 1 } },
      },
    },
  ] as const;
}

function loginOptions() {
  return { master: server.url, user: 'alice', password: 'pw', configDir, env: {}, logger: silent };
}

beforeEach(async () => {
  configDir = await mkdtemp(path.join(tmpdir(), 'det-client-'));
  server = await startRecordingServer([...routes()]);
});

afterEach(async () => {
  await client.resetClientForTests();
  await server.close();
  await rm(configDir, { recursive: true, force: true });
  process.env = { ...savedEnv };
});

/** Point the implicit connection (environment and token cache only) at the test server. */
function useImplicitEnvironment(): void {
  process.env.DET_MASTER = server.url;
  process.env.DET_USER = 'alice';
  process.env.DET_PASS = 'pw';
  process.env.DET_DEBUG_CONFIG_PATH = configDir;
  process.env.DET_TS_LOG = 'silent';
}

describe('the module-level client', () => {
  it('login() logs in right away and the other functions use that connection', async () => {
    await client.login(loginOptions());
    expect(server.requestsTo('POST', '/api/v1/auth/login')).toHaveLength(1);
    await expect(client.getSessionUsername()).resolves.toBe('alice');
    await client.whoami();
    expect(server.requestsTo('GET', '/api/v1/me')[0]?.headers.authorization).toBe('Bearer tok');
  });

  it('login() may be called only once', async () => {
    await client.login(loginOptions());
    await expect(client.login(loginOptions())).rejects.toThrow(InvalidArgumentError);
    await expect(client.login(loginOptions())).rejects.toThrow(/new Determined/);
  });

  it('login() after another client function connected implicitly is an error', async () => {
    useImplicitEnvironment();
    await client.whoami();
    await expect(client.login(loginOptions())).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('a failed login() leaves the module unconnected, so login() can be called again', async () => {
    await server.close();
    server = await startRecordingServer([...routes([{ status: 500 }, { json: { token: 'tok', user } }])]);
    await expect(client.login(loginOptions())).rejects.toBeInstanceOf(InternalServerError);
    await client.login(loginOptions());
    await expect(client.getSessionUsername()).resolves.toBe('alice');
  });

  it('creates the connection from the environment and token cache on first use', async () => {
    useImplicitEnvironment();
    const me = await client.whoami();
    expect(me.username).toBe('alice');
    expect(server.requestsTo('POST', '/api/v1/auth/login')[0]?.body).toMatchObject({ username: 'alice' });
  });

  it('logout() before any connection only logs a warning', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await client.logout();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/nothing to log out/);
    } finally {
      warn.mockRestore();
    }
    expect(server.requests).toHaveLength(0);
  });

  it('logout() logs out and forgets the connection, so the next call logs in again', async () => {
    useImplicitEnvironment();
    await client.whoami();
    await client.logout();
    expect(server.requestsTo('POST', '/api/v1/auth/logout')[0]?.headers.authorization).toBe('Bearer tok');
    await client.whoami();
    expect(server.requestsTo('POST', '/api/v1/auth/login')).toHaveLength(2);
    await expect(client.login(loginOptions())).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('createModel(name, { description, metadata }) sends no labels or workspace even when given some', async () => {
    await client.login(loginOptions());
    const extra = { description: 'd', metadata: { k: 'v' }, labels: ['x'], workspaceName: 'ws' };
    await client.createModel('m', extra);
    expect(server.requestsTo('POST', '/api/v1/models')[0]?.body).toEqual({
      name: 'm',
      description: 'd',
      labels: null,
      metadata: { k: 'v' },
      notes: null,
      workspaceName: null,
    });
  });

  it('getModels sends name= and description= by default while listModels leaves them out', async () => {
    await client.login(loginOptions());
    const models = await client.getModels({ sortBy: ModelSortBy.NAME, orderBy: ModelOrderBy.ASC });
    await client.listModels();
    expect(models.map((m) => m.name)).toEqual(['m']);
    const [legacy, current] = server.requestsTo('GET', '/api/v1/models');
    expect(legacy?.search).toBe('sortBy=SORT_BY_NAME&orderBy=ORDER_BY_ASC&name=&description=&offset=0');
    expect(current?.search).toBe('sortBy=SORT_BY_NAME&orderBy=ORDER_BY_ASC&offset=0');
  });

  it('streamTrialsMetrics is lazy: no request before iteration', async () => {
    await client.login(loginOptions());
    const before = server.requests.length;
    const stream = client.streamTrialsMetrics([1, 2], 'validation');
    client.streamTrialsTrainingMetrics([1]);
    client.streamTrialsValidationMetrics([1]);
    expect(server.requests.length).toBe(before);
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toMatchObject({ status: 404 });
    expect(server.requests.at(-1)?.search).toBe('trialIds=1&trialIds=2&group=validation');
  });
});
