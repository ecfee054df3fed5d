import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertNoResponseViolations, type MockMaster, startMockMaster } from '@determined-ts/mock-master';
import type { DeterminedOptions } from '../auth/connect';
import { AuthenticationError } from '../core/errors';
import { createLogger, type Logger } from '../core/logger';
import { Determined } from '../determined';

let mock: MockMaster;
let configDir: string;
let warnings: string[];
const opened: Determined[] = [];

const logger: Logger = createLogger({
  logger: {
    debug: () => undefined,
    info: () => undefined,
    warn: (message) => warnings.push(message),
    error: () => undefined,
  },
});

function determined(options: DeterminedOptions = {}): Determined {
  const det = new Determined({ master: mock.url, configDir, env: {}, logger, ...options });
  opened.push(det);
  return det;
}

async function authStore(): Promise<{ masters: Record<string, { tokens?: Record<string, string> }> }> {
  return JSON.parse(await readFile(path.join(configDir, 'auth.json'), 'utf8'));
}

beforeAll(async () => {
  mock = await startMockMaster({ validateResponses: 'record', strictQuery: true });
});

afterAll(async () => {
  await mock.stop();
  assertNoResponseViolations(mock);
});

beforeEach(async () => {
  configDir = await mkdtemp(path.join(tmpdir(), 'det-e2e-auth-'));
  warnings = [];
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((det) => det.close()));
  await rm(configDir, { recursive: true, force: true });
});

describe('logging in to the mock master', () => {
  it('falls back to the default user "determined" with the empty password, warning about its weakness', async () => {
    const det = determined();
    expect((await det.whoami()).username).toBe('determined');
    expect(warnings.join('\n')).toMatch(/complexity requirements/);
  });

  it('rejects a wrong password with AuthenticationError (401 invalid credentials, as the master answers)', async () => {
    await expect(determined({ user: 'determined', password: 'wrong' }).login()).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it('with cacheToken: false neither writes auth.json nor reads a cached token', async () => {
    const isolated = await mkdtemp(path.join(tmpdir(), 'det-e2e-nocache-'));
    try {
      const first = determined({ user: 'admin', password: '', configDir: isolated, cacheToken: false });
      await first.login();
      await expect(stat(path.join(isolated, 'auth.json'))).rejects.toMatchObject({ code: 'ENOENT' });
      // A cached token exists now; the uncached session does not use it but logs in with its password.
      const caching = determined({ user: 'admin', password: '', configDir: isolated });
      await caching.login();
      const cachedToken = caching.session.currentToken();
      const store = JSON.parse(await readFile(path.join(isolated, 'auth.json'), 'utf8')) as {
        masters: Record<string, { tokens?: Record<string, string> }>;
      };
      expect(Object.values(store.masters).map((entry) => entry.tokens?.admin)).toEqual([cachedToken]);
      const second = determined({ user: 'admin', password: '', configDir: isolated, cacheToken: false });
      await second.login();
      expect(second.session.currentToken()).not.toBe(cachedToken);
      expect(await second.getSessionUsername()).toBe('admin');
    } finally {
      await rm(isolated, { recursive: true, force: true });
    }
  });

  it('writes the token to auth.json (mode 0600) and a second object re-uses it without logging in', async () => {
    const first = determined({ user: 'admin', password: '' });
    await first.login();
    const token = first.session.currentToken();
    const store = await authStore();
    expect(store.masters[mock.url]?.tokens).toEqual({ admin: token });
    expect((await stat(path.join(configDir, 'auth.json'))).mode & 0o777).toBe(0o600);
    // A cache hit never checks the password, so even a wrong one "logs in".
    const second = determined({ user: 'admin', password: 'not-the-password' });
    expect((await second.whoami()).username).toBe('admin');
    expect(second.session.currentToken()).toBe(token);
  });

  it('uses DET_USER + DET_USER_TOKEN without writing the cache', async () => {
    const source = determined({ user: 'admin', password: '' });
    await source.login();
    const token = source.session.currentToken() ?? '';
    await rm(path.join(configDir, 'auth.json'));
    const det = determined({ env: { DET_USER: 'admin', DET_USER_TOKEN: token } });
    expect((await det.whoami()).username).toBe('admin');
    await expect(stat(path.join(configDir, 'auth.json'))).rejects.toThrow();
  });

  it('logout() revokes the token on the master and drops it from the cache', async () => {
    const det = determined({ user: 'admin', password: '' });
    await det.login();
    const token = det.session.currentToken() ?? '';
    await det.logout();
    expect((await authStore()).masters[mock.url]?.tokens).toEqual({});
    const revoked = determined({ env: { DET_USER: 'admin', DET_USER_TOKEN: token } });
    await expect(revoked.whoami()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('creates a user who can then log in with the new password', async () => {
    const admin = determined({ user: 'admin', password: '' });
    const created = await admin.createUser('e2e-user', false, { password: 'Secr3tPassword' });
    expect(created).toMatchObject({ username: 'e2e-user', admin: false, active: true });
    const det = determined({ user: 'e2e-user', password: 'Secr3tPassword' });
    expect((await det.whoami()).userId).toBe(created.userId);
    await created.changeDisplayName('E2E');
    expect(created.displayName).toBe('E2E');
    expect((await admin.getUserByName('e2e-user')).displayName).toBe('E2E');
  });
});
