import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AuthenticationError, InvalidArgumentError, PermissionDeniedError } from '../core/errors';
import type { Logger } from '../core/logger';
import { operationPath } from '../core/typed-call';
import { warningLogger } from '../testing/warning-logger';
import { defaultUser, type ResolveSessionOptions, resolveSession } from './credentials';
import { TokenCache } from './token-cache';

const MASTER = 'http://localhost:8080';

let root: string;
let configDir: string;
let authPath: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'det-credentials-mutants-'));
  configDir = path.join(root, 'determined');
  authPath = path.join(configDir, 'auth.json');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** auth.json with `alice` active and a valid cached token for her. */
async function seedCache(): Promise<void> {
  await mkdir(configDir, { recursive: true });
  const entry = { active_user: 'alice', tokens: { alice: 'cached' } };
  await writeFile(authPath, JSON.stringify({ version: 2, masters: { [MASTER]: entry } }));
}

function fakes(overrides: Partial<ResolveSessionOptions> = {}) {
  const validateToken = jest.fn(async (token: string) => token === 'cached');
  const login = jest.fn(async (_user: string, _hashed: string) => 'new');
  const options: ResolveSessionOptions = {
    master: MASTER,
    configDir,
    logger: warningLogger(),
    env: {},
    validateToken,
    login,
    ...overrides,
  };
  return { options, validateToken, login };
}

const forbidden = (serverMessage: string) =>
  new PermissionDeniedError({
    status: 403,
    method: 'POST',
    path: operationPath('Login'),
    ...(serverMessage ? { body: { error: serverMessage, message: serverMessage } } : {}),
  });

describe('resolveSession with cacheToken', () => {
  it('false: neither reads auth.json nor writes it', async () => {
    await seedCache();
    const { options, validateToken, login } = fakes({ password: 'pw', cacheToken: false });
    expect(await resolveSession(options)).toStrictEqual({
      username: 'determined',
      token: 'new',
      source: 'login',
    });
    expect(validateToken).not.toHaveBeenCalled();
    expect(login).toHaveBeenCalledTimes(1);
    expect((await TokenCache.open({ master: MASTER, configDir })).listUsers()).toStrictEqual(['alice']);
  });

  it('false: creates no auth.json at all', async () => {
    const { options } = fakes({ user: 'bob', password: 'pw', cacheToken: false });
    expect(await resolveSession(options)).toStrictEqual({ username: 'bob', token: 'new', source: 'login' });
    expect(existsSync(authPath)).toBe(false);
  });

  it('true: uses the cached token like the default', async () => {
    await seedCache();
    const { options, login } = fakes({ cacheToken: true });
    expect(await resolveSession(options)).toStrictEqual({
      username: 'alice',
      token: 'cached',
      source: 'cache',
    });
    expect(login).not.toHaveBeenCalled();
  });
});

describe('resolveSession environment tokens', () => {
  it('ignores DET_USER_TOKEN without DET_USER', async () => {
    const { options } = fakes({ password: 'pw', env: { DET_USER_TOKEN: 'env' } });
    expect(await resolveSession(options)).toStrictEqual({
      username: 'determined',
      token: 'new',
      source: 'login',
    });
  });
});

describe('resolveSession password warnings', () => {
  it('name the user and the master in their fields', async () => {
    const calls: Array<[string, Record<string, unknown> | undefined]> = [];
    const logger: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (message, fields) => calls.push([message, fields]),
      error: () => undefined,
    };
    const { options } = fakes({ user: 'bob', password: 'weak', logger });
    await resolveSession(options);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.[1]).toStrictEqual({ user: 'bob', master: MASTER });
  });
});

describe('a 403 at login', () => {
  it('passes through for DET_USER with DET_PASS', async () => {
    const error = forbidden('invalid credentials');
    const { options } = fakes({
      env: { DET_USER: 'eve', DET_PASS: 'pw' },
      login: jest.fn(async () => Promise.reject(error)),
    });
    await expect(resolveSession(options)).rejects.toBe(error);
  });

  it("passes through for the cache's active user", async () => {
    await mkdir(configDir, { recursive: true });
    await writeFile(
      authPath,
      JSON.stringify({ version: 2, masters: { [MASTER]: { active_user: 'alice' } } }),
    );
    const error = forbidden('invalid credentials');
    const { options } = fakes({ password: 'pw', login: jest.fn(async () => Promise.reject(error)) });
    await expect(resolveSession(options)).rejects.toBe(error);
  });

  it.each([
    ['user not found', 'user not found'],
    ['', '403'],
  ])('for the fallback user (server says %j) explains how to log in', async (serverMessage, shown) => {
    const { options } = fakes({ login: jest.fn(async () => Promise.reject(forbidden(serverMessage))) });
    const error = await resolveSession(options).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({
      status: 401,
      method: 'POST',
      path: operationPath('Login'),
      message:
        `Not logged in: the default user "determined" was rejected (${shown}). ` +
        'Pass { user, password } or { token }, set DET_USER and DET_PASS, or run `det user login <username>`.',
    });
  });

  it('without a password for a named user is a 401 of the login call', async () => {
    const { options } = fakes({ user: 'bob' });
    await expect(resolveSession(options)).rejects.toMatchObject({
      status: 401,
      method: 'POST',
      path: operationPath('Login'),
    });
  });
});

describe('resolveSession with an explicit token', () => {
  it('asks the master whose token it is when no user is known', async () => {
    const whoAmI = jest.fn(async () => 'carol');
    const { options } = fakes({ token: 'tok', whoAmI });
    expect(await resolveSession(options)).toStrictEqual({
      username: 'carol',
      token: 'tok',
      source: 'explicit-token',
    });
    expect(whoAmI).toHaveBeenCalledWith('tok');
  });

  it('needs a user or whoAmI', async () => {
    const { options } = fakes({ token: 'tok' });
    await expect(resolveSession(options)).rejects.toThrow(
      new InvalidArgumentError('A token without a user needs { user } (or DET_USER) to name its owner.'),
    );
  });
});

describe('defaultUser', () => {
  async function cacheWith(activeUser?: string): Promise<TokenCache> {
    if (activeUser !== undefined) {
      await mkdir(configDir, { recursive: true });
      const entry = { active_user: activeUser, tokens: { [activeUser]: 't' } };
      await writeFile(authPath, JSON.stringify({ version: 2, masters: { [MASTER]: entry } }));
    }
    return TokenCache.open({ master: MASTER, configDir });
  }

  it('prefers the given user', async () => {
    const cache = await cacheWith('alice');
    expect(defaultUser({ user: 'bob', env: { DET_USER: 'eve', DET_PASS: 'p' }, cache })).toBe('bob');
  });

  it('takes DET_USER only together with DET_PASS (an empty one counts)', async () => {
    const cache = await cacheWith('alice');
    expect(defaultUser({ env: { DET_USER: 'eve', DET_PASS: '' }, cache })).toBe('eve');
    expect(defaultUser({ env: { DET_USER: 'eve' }, cache })).toBe('alice');
    expect(defaultUser({ env: { DET_PASS: 'p' }, cache })).toBe('alice');
  });

  it('falls back to the active user, then to determined', async () => {
    expect(defaultUser({ env: {}, cache: await cacheWith('alice') })).toBe('alice');
    await rm(authPath);
    expect(defaultUser({ env: {}, cache: await cacheWith() })).toBe('determined');
  });
});
