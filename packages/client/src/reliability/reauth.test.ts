import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertNoResponseViolations, type MockMaster, startMockMaster } from '@determined-ts/mock-master';
import { AuthenticationError } from '../core/errors';
import { Determined } from '../determined';
import { mockLoginToken } from '../testing/mock-login';
import { capturingLogger } from './capture';

const PASSWORD = 'Tr0ub4dor&3-reauth';

let mock: MockMaster;
let configDir: string;
let logins = 0;

beforeAll(async () => {
  mock = await startMockMaster({ validateResponses: 'record', strictQuery: true, seed: 17 });
  mock.users.create({ username: 'carol', password: PASSWORD });
});

beforeEach(async () => {
  configDir = await mkdtemp(path.join(tmpdir(), 'det-reauth-'));
  logins = 0;
});

afterEach(async () => {
  mock.faults.clear();
  await rm(configDir, { recursive: true, force: true });
});

afterAll(async () => {
  await mock.stop();
  assertNoResponseViolations(mock);
});

function countingLogins(det: Determined): void {
  const original = det.session.transport.request.bind(det.session.transport);
  jest.spyOn(det.session.transport, 'request').mockImplementation((method, requestPath, options) => {
    if (requestPath === '/api/v1/auth/login') logins += 1;
    return original(method, requestPath, options);
  });
}

function currentToken(det: Determined): string {
  const token = det.session.currentToken();
  if (token === undefined) throw new Error('not logged in');
  return token;
}

describe('a 401 in the middle of a session', () => {
  it('with a password: exactly one new login, then the call is repeated once', async () => {
    const det = new Determined({
      master: mock.url,
      user: 'carol',
      password: PASSWORD,
      configDir,
      logger: capturingLogger(),
    });
    countingLogins(det);
    await det.whoami();
    expect(logins).toBe(1);
    mock.users.revokeToken(currentToken(det));
    const results = await Promise.all([det.whoami(), det.listWorkspaces(), det.getSessionUsername()]);
    expect(results[0].username).toBe('carol');
    expect(logins).toBe(2);
    await det.close();
  });

  it('with a password whose new token is refused too: one new login, then AuthenticationError (never a loop)', async () => {
    const det = new Determined({
      master: mock.url,
      user: 'carol',
      password: PASSWORD,
      configDir,
      logger: capturingLogger(),
    });
    countingLogins(det);
    await det.whoami();
    const spy = jest.spyOn(mock.users, 'userForToken').mockReturnValue(null);
    await expect(det.whoami()).rejects.toThrow(AuthenticationError);
    spy.mockRestore();
    expect(logins).toBe(2);
    await det.close();
  });

  it('with a given token only: AuthenticationError, no login', async () => {
    const token = await mockLoginToken(mock.url, 'carol', PASSWORD);
    const det = new Determined({
      master: mock.url,
      user: 'carol',
      token,
      configDir,
      logger: capturingLogger(),
    });
    countingLogins(det);
    await det.whoami();
    mock.users.revokeToken(token);
    await expect(det.whoami()).rejects.toThrow(AuthenticationError);
    expect(logins).toBe(0);
    await det.close();
  });

  it('with a cached token only: AuthenticationError, no login', async () => {
    const first = new Determined({
      master: mock.url,
      user: 'carol',
      password: PASSWORD,
      configDir,
      logger: capturingLogger(),
    });
    await first.whoami();
    await first.close();
    const det = new Determined({
      master: mock.url,
      user: 'carol',
      configDir,
      env: {},
      logger: capturingLogger(),
    });
    countingLogins(det);
    await det.whoami();
    mock.users.revokeToken(currentToken(det));
    await expect(det.whoami()).rejects.toThrow(AuthenticationError);
    expect(logins).toBe(0);
    await det.close();
  });
});
