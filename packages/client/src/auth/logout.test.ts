import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  APIError,
  AuthenticationError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
} from '../core/errors';
import type { EnvVars } from './config-dir';
import { logout } from './logout';
import { TokenCache } from './token-cache';

const MASTER = 'http://localhost:8080';

let root: string;
let configDir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'det-logout-'));
  configDir = path.join(root, 'determined');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function seed(entry: { active_user?: string; tokens: Record<string, string> }): Promise<void> {
  await mkdir(configDir, { recursive: true });
  await writeFile(
    path.join(configDir, 'auth.json'),
    JSON.stringify({ version: 2, masters: { [MASTER]: entry } }),
  );
}

const openCache = () => TokenCache.open({ master: MASTER, configDir });

// Scenario 57 (logout half): who is logged out, given an explicit user, a DET_USER+DET_PASS user
// and the cache ("y" = that user's token is cached and the cache's active user is cache_user).
describe.each([
  ['req_user', undefined, true, 'req_user'],
  ['req_user', 'env_user', true, 'req_user'],
  ['req_user', undefined, false, undefined],
  ['req_user', 'env_user', false, undefined],
  [undefined, 'env_user', true, 'env_user'],
  [undefined, 'env_user', false, undefined],
  [undefined, undefined, true, 'cache_user'],
  [undefined, undefined, false, undefined],
] as const)('scenario 57: logout(user=%s, DET_USER=%s, cached=%s)', (user, envUser, cached, expectedUser) => {
  it(
    expectedUser ? `drops the cached token of ${expectedUser} and posts logout with it` : 'does nothing',
    async () => {
      if (cached) {
        await seed({
          active_user: 'cache_user',
          tokens: { req_user: 'cache_token', env_user: 'cache_token', cache_user: 'cache_token' },
        });
      }
      const env: EnvVars = envUser ? { DET_USER: envUser, DET_PASS: 'env_pass' } : {};
      const postLogout = jest.fn(async (_token: string) => undefined);
      await expect(logout({ master: MASTER, configDir, user, env, postLogout })).resolves.toBe(expectedUser);
      if (expectedUser === undefined) {
        expect(postLogout).not.toHaveBeenCalled();
        return;
      }
      expect(postLogout).toHaveBeenCalledWith('cache_token');
      const cache = await openCache();
      expect(cache.getToken(expectedUser)).toBeUndefined();
      expect(cache.getActiveUser()).toBe('cache_user');
    },
  );
});

describe('logout error handling', () => {
  const api = { method: 'POST', path: '/api/v1/auth/logout' };

  it.each([
    ['a 401', new AuthenticationError({ status: 401, ...api })],
    ['a 404', new NotFoundError({ status: 404, ...api })],
    ['a 500', new InternalServerError({ status: 500, ...api })],
    ['another API error', new APIError({ status: 418, ...api })],
  ])('ignores %s from the master', async (_what, error) => {
    await seed({ tokens: { u: 'tok' } });
    const postLogout = jest.fn(async () => Promise.reject(error));
    await expect(logout({ master: MASTER, configDir, user: 'u', env: {}, postLogout })).resolves.toBe('u');
    expect((await openCache()).getToken('u')).toBeUndefined();
  });

  it.each([
    ['a 403', new PermissionDeniedError({ status: 403, ...api })],
    ['a connection error', new ConnectionError('refused')],
  ])('propagates %s after dropping the token', async (_what, error) => {
    await seed({ tokens: { u: 'tok' } });
    const postLogout = jest.fn(async () => Promise.reject(error));
    await expect(logout({ master: MASTER, configDir, user: 'u', env: {}, postLogout })).rejects.toBe(error);
    expect((await openCache()).getToken('u')).toBeUndefined();
  });

  it('does not log out the default user without a cached token even when others are cached', async () => {
    await seed({ tokens: { someone: 'tok' } });
    const postLogout = jest.fn(async () => undefined);
    await expect(logout({ master: MASTER, configDir, env: {}, postLogout })).resolves.toBeUndefined();
    expect(postLogout).not.toHaveBeenCalled();
    expect((await openCache()).getToken('someone')).toBe('tok');
  });
});
