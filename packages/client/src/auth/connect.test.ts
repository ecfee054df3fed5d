import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import {
  AuthenticationError,
  InternalServerError,
  InvalidArgumentError,
  PermissionDeniedError,
} from '../core/errors';
import { createLogger } from '../core/logger';
import { Determined } from '../determined';
import { resetDeprecationWarnings } from '../lib/deprecation';
import { startConnectProxy } from '../testing/connect-proxy';
import {
  type RecordingServer,
  type Reply,
  type Route,
  startRecordingServer,
} from '../testing/recording-server';
import { warningLogger } from '../testing/warning-logger';
import type { DeterminedOptions } from './connect';
import { saltAndHashPassword } from './password';
import { TokenCache } from './token-cache';

const apiUser = (username: string) => ({ id: 7, username, admin: false, active: true });
const loginReply = (token: string, username = 'alice'): Reply => ({
  json: { token, user: apiUser(username) },
});
const meReply = (username = 'alice'): Reply => ({ json: { user: apiUser(username) } });
const silent = createLogger({ env: { DET_TS_LOG: 'silent' } });

let server: RecordingServer;
let configDir: string;
const opened: Determined[] = [];

async function start(routes: Route[]): Promise<void> {
  server = await startRecordingServer(routes);
}

function determined(options: DeterminedOptions = {}): Determined {
  const det = new Determined({
    master: server.url,
    configDir,
    env: {},
    logger: silent,
    retry: { backoffBaseMs: 1, jitter: 0 },
    validate: 'strict',
    ...options,
  });
  opened.push(det);
  return det;
}

async function cachedTokens(): Promise<Record<string, unknown>> {
  const store = JSON.parse(await readFile(path.join(configDir, 'auth.json'), 'utf8'));
  return store.masters[server.url].tokens;
}

beforeEach(async () => {
  configDir = await mkdtemp(path.join(tmpdir(), 'det-connect-'));
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((det) => det.close()));
  await server?.close();
  await rm(configDir, { recursive: true, force: true });
});

describe('connecting', () => {
  it('new Determined() sends nothing until the first call', async () => {
    await start([{ method: 'POST', path: '/api/v1/auth/login', reply: loginReply('t1') }]);
    const det = determined({ user: 'alice', password: 'pw' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests).toHaveLength(0);
    expect(det.master).toBe(server.url);
  });

  it('throws InvalidArgumentError at construction for an invalid master URL', () => {
    expect(() => new Determined({ master: 'http://h?x=1', env: {} })).toThrow(InvalidArgumentError);
  });

  it('canonicalizes the master from DET_MASTER when no master option is given', () => {
    const det = new Determined({ env: { DET_MASTER: 'Example.COM/a/' }, configDir: '/nonexistent' });
    expect(det.master).toBe('http://example.com:8080/a');
  });

  it('rejects the first call with InvalidArgumentError and sends nothing when certPath cannot be read', async () => {
    await start([]);
    const det = determined({ user: 'alice', password: 'pw', certPath: path.join(configDir, 'missing.pem') });
    await expect(det.login()).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(det.whoami()).rejects.toThrow(/certPath/);
    expect(server.requests).toHaveLength(0);
  });
  it('still accepts the deprecated certFile, with a one-time warning, and refuses it beside a different certPath', async () => {
    await start([]);
    resetDeprecationWarnings();
    const logger = warningLogger();
    const missing = path.join(configDir, 'old-name.pem');
    const old = determined({ user: 'alice', password: 'pw', certFile: missing, logger });
    await expect(old.login()).rejects.toThrow(/certPath .*old-name\.pem/);
    expect(logger.warnings).toEqual(['The certFile option is deprecated; use certPath instead.']);
    const both = determined({
      user: 'alice',
      password: 'pw',
      certFile: missing,
      certPath: `${missing}.other`,
    });
    await expect(both.login()).rejects.toThrow(
      new InvalidArgumentError(
        'certPath and certFile name different files; give only certPath (certFile is its deprecated alias).',
      ),
    );
    expect(server.requests).toHaveLength(0);
  });

  it('never shows the password or token in inspect() or JSON output', async () => {
    await start([
      { method: 'POST', path: '/api/v1/auth/login', reply: loginReply('v2.public.secret-token') },
    ]);
    const det = determined({ user: 'alice', password: 'Pa55word-visible?' });
    await det.login();
    const shown = `${inspect(det, { depth: 6 })}\n${JSON.stringify(det)}\n${inspect(det.session, { depth: 6 })}`;
    expect(shown).not.toContain('Pa55word');
    expect(shown).not.toContain('secret-token');
    expect(JSON.stringify(det)).toBe(JSON.stringify({ master: server.url }));
  });
});

describe('logging in', () => {
  it('posts the hashed password with isHashed, without Authorization, and caches the token', async () => {
    await start([
      { method: 'POST', path: '/api/v1/auth/login', reply: loginReply('t1') },
      { method: 'GET', path: '/api/v1/me', reply: meReply() },
    ]);
    const det = determined({ user: 'alice', password: 'S3cret-pass' });
    const me = await det.whoami();
    expect(me.username).toBe('alice');
    const [login, whoami] = server.requests;
    expect(login?.body).toEqual({
      username: 'alice',
      password: saltAndHashPassword('S3cret-pass'),
      isHashed: true,
    });
    expect(login?.headers.authorization).toBeUndefined();
    expect(whoami?.headers.authorization).toBe('Bearer t1');
    expect(await cachedTokens()).toEqual({ alice: 't1' });
    await expect(det.getSessionUsername()).resolves.toBe('alice');
  });

  it('never retries the login request (one request on 504)', async () => {
    await start([{ method: 'POST', path: '/api/v1/auth/login', reply: { status: 504 } }]);
    await expect(determined({ user: 'alice', password: 'pw' }).login()).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('turns a 403 for the default user into AuthenticationError asking to log in', async () => {
    const reply: Reply = {
      status: 403,
      json: { error: { error: 'invalid credentials' }, message: 'invalid credentials' },
    };
    await start([{ method: 'POST', path: '/api/v1/auth/login', reply }]);
    await expect(determined().login()).rejects.toBeInstanceOf(AuthenticationError);
    expect(server.requests[0]?.body).toEqual({ username: 'determined', password: '', isHashed: true });
  });

  it('shares one login between concurrent first calls and retries a failed login on the next call', async () => {
    await start([
      { method: 'POST', path: '/api/v1/auth/login', reply: [{ status: 500 }, loginReply('t2')] },
      { method: 'GET', path: '/api/v1/me', reply: meReply() },
    ]);
    const det = determined({ user: 'alice', password: 'pw' });
    await expect(Promise.all([det.whoami(), det.whoami()])).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requestsTo('POST', '/api/v1/auth/login')).toHaveLength(1);
    await Promise.all([det.whoami(), det.whoami()]);
    expect(server.requestsTo('POST', '/api/v1/auth/login')).toHaveLength(2);
  });

  it('uses a cached token that GET /api/v1/me accepts, without logging in', async () => {
    await start([{ method: 'GET', path: '/api/v1/me', reply: meReply() }]);
    await (await TokenCache.open({ master: server.url, configDir })).setToken('alice', 'cached');
    await determined({ user: 'alice', password: 'wrong' }).whoami();
    expect(server.requests.map((r) => [r.method, r.path, r.headers.authorization])).toEqual([
      ['GET', '/api/v1/me', 'Bearer cached'],
      ['GET', '/api/v1/me', 'Bearer cached'],
    ]);
  });

  it('drops a cached token the master rejects with 401 and logs in again', async () => {
    await start([
      {
        method: 'GET',
        path: '/api/v1/me',
        reply: (r) => (r.headers.authorization === 'Bearer stale' ? { status: 401 } : meReply()),
      },
      { method: 'POST', path: '/api/v1/auth/login', reply: loginReply('fresh') },
    ]);
    await (await TokenCache.open({ master: server.url, configDir })).setToken('alice', 'stale');
    await determined({ user: 'alice', password: 'pw' }).whoami();
    expect(server.requestsTo('POST', '/api/v1/auth/login')).toHaveLength(1);
    expect(await cachedTokens()).toEqual({ alice: 'fresh' });
  });

  it.each([
    ['a 403', { status: 403, json: { message: 'forbidden' } }, PermissionDeniedError],
    ['exhausted retries on 503', { status: 503 }, InternalServerError],
  ])(
    'propagates %s while validating a cached token instead of logging in',
    async (_what, reply, ErrorClass) => {
      await start([{ method: 'GET', path: '/api/v1/me', reply }]);
      await (await TokenCache.open({ master: server.url, configDir })).setToken('alice', 'cached');
      await expect(determined({ user: 'alice', password: 'pw' }).login()).rejects.toBeInstanceOf(ErrorClass);
      expect(server.requestsTo('POST', '/api/v1/auth/login')).toHaveLength(0);
    },
  );

  it('uses DET_USER + DET_USER_TOKEN as is: no validation, no login, nothing cached', async () => {
    await start([{ method: 'GET', path: '/api/v1/me', reply: meReply('task-user') }]);
    const det = determined({ env: { DET_USER: 'task-user', DET_USER_TOKEN: 'env-token' } });
    await det.whoami();
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer env-token']);
    await expect(det.getSessionUsername()).resolves.toBe('task-user');
    await expect(readFile(path.join(configDir, 'auth.json'))).rejects.toThrow();
  });

  it('asks the master who owns an explicit token given without a user', async () => {
    await start([{ method: 'GET', path: '/api/v1/me', reply: meReply('bob') }]);
    const det = determined({ token: 'explicit' });
    await expect(det.getSessionUsername()).resolves.toBe('bob');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer explicit');
  });

  it('logs in before the first det.api call, which then carries the token', async () => {
    await start([
      { method: 'POST', path: '/api/v1/auth/login', reply: loginReply('t3') },
      { method: 'GET', path: '/api/v1/me', reply: meReply() },
    ]);
    const det = determined({ user: 'alice', password: 'pw' });
    const { data } = await det.api.GET('/api/v1/me');
    expect(data?.user.username).toBe('alice');
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization ?? '-'}`)).toEqual([
      'POST /api/v1/auth/login -',
      'GET /api/v1/me Bearer t3',
    ]);
  });
});

describe('logging out', () => {
  it('drops the cached token and revokes it with POST /api/v1/auth/logout', async () => {
    await start([
      { method: 'POST', path: '/api/v1/auth/login', reply: loginReply('t4') },
      { method: 'POST', path: '/api/v1/auth/logout', reply: { json: {} } },
    ]);
    const det = determined({ user: 'alice', password: 'pw' });
    await det.logout();
    const logout = server.requestsTo('POST', '/api/v1/auth/logout');
    expect(logout.map((r) => r.headers.authorization)).toEqual(['Bearer t4']);
    expect(await cachedTokens()).toEqual({});
  });

  it('does nothing on the master for a session built from DET_USER_TOKEN', async () => {
    await start([]);
    await determined({ env: { DET_USER: 'u', DET_USER_TOKEN: 'env' } }).logout();
    expect(server.requests).toHaveLength(0);
  });
});

describe('diagnostics and proxies', () => {
  it('DET_TS_LOG=debug logs each request on the console without the token or password', async () => {
    await start([
      { method: 'POST', path: '/api/v1/auth/login', reply: loginReply('v2.public.secret-token') },
      { method: 'GET', path: '/api/v1/me', reply: meReply() },
    ]);
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'debug').mockImplementation((line: string) => lines.push(line));
    try {
      const det = new Determined({
        master: server.url,
        user: 'alice',
        password: 'Pa55word-visible?',
        configDir,
        env: { DET_TS_LOG: 'debug' },
      });
      opened.push(det);
      await det.whoami();
    } finally {
      spy.mockRestore();
    }
    const output = lines.join('\n');
    expect(output).toMatch(/POST \/api\/v1\/auth\/login 200/);
    expect(output).toMatch(/GET \/api\/v1\/me 200/);
    expect(output).not.toContain('secret-token');
    expect(output).not.toContain('Pa55word');
  });

  it('sends requests through the CONNECT proxy named by http_proxy', async () => {
    await start([
      { method: 'POST', path: '/api/v1/auth/login', reply: loginReply('t5') },
      { method: 'GET', path: '/api/v1/me', reply: meReply() },
    ]);
    const proxy = await startConnectProxy();
    try {
      const det = determined({ user: 'alice', password: 'pw', env: { http_proxy: proxy.url } });
      await det.whoami();
      expect(proxy.targets.length).toBeGreaterThan(0);
      expect(new Set(proxy.targets)).toEqual(new Set([server.url.replace('http://', '')]));
    } finally {
      await proxy.close();
    }
  });
});
