import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  AuthenticationError,
  ConnectionError,
  InvalidArgumentError,
  PermissionDeniedError,
} from '../core/errors';
import { warningLogger } from '../testing/warning-logger';
import type { EnvVars } from './config-dir';
import { type ResolveSessionOptions, resolveSession } from './credentials';
import { saltAndHashPassword } from './password';
import { TokenCache } from './token-cache';

const MASTER = 'http://localhost:8080';

// The login matrix of the upstream CLI auth tests, in their notation: every field lists the
// allowed option letters ('*' = all of them); the rest of a row are the expected effects.
const FIELDS = {
  reqUser: { y: 'user', n: undefined },
  reqPass: { y: 'req_pass', n: undefined },
  envUser: { y: 'user', e: 'extra', n: undefined },
  envPass: { y: 'env_pass', n: undefined },
  envToken: { y: 'env_token', n: undefined },
  cache: { y: 'cache', x: 'expired', n: undefined },
} as const;
type Field = keyof typeof FIELDS;
type Scenario = Record<Field, string | undefined>;

type Expectation =
  | { kind: 'check'; token: string }
  | { kind: 'login'; user: string; password: string }
  | { kind: 'use'; user: string; token: string };
const Check = (token: string): Expectation => ({ kind: 'check', token });
const DoLogin = (user: string, password: string): Expectation => ({ kind: 'login', user, password });
const Use = (user: string, token: string): Expectation => ({ kind: 'use', user, token });
const CheckCache = Check('cache');
const CheckExpired = Check('expired');
const UseCache = Use('user', 'cache');
const UseNew = Use('user', 'new');
const UseNewDetermined = Use('determined', 'new');
const UseEnv = Use('user', 'env_token');

interface Row {
  readonly spec: readonly [string, string, string, string, string, string];
  readonly expected: readonly Expectation[];
}
const Login = (...args: [string, string, string, string, string, string, ...Expectation[]]): Row => ({
  spec: [args[0], args[1], args[2], args[3], args[4], args[5]],
  expected: args.slice(6) as Expectation[],
});

const MATRIX: readonly Row[] = [
  Login('y', 'y', 'ne', '*', '*', 'y', CheckCache, UseCache),
  Login('y', 'y', 'ne', '*', '*', 'n', DoLogin('user', 'req_pass'), UseNew),
  Login('y', 'y', 'ne', '*', '*', 'x', CheckExpired, DoLogin('user', 'req_pass'), UseNew),
  Login('y', 'n', 'ne', '*', '*', 'y', CheckCache, UseCache),
  Login('y', 'n', 'ne', '*', '*', 'n', DoLogin('user', 'prompt_pass'), UseNew),
  Login('y', 'n', 'ne', '*', '*', 'x', CheckExpired, DoLogin('user', 'prompt_pass'), UseNew),
  Login('y', 'y', 'y', '*', 'n', 'y', CheckCache, UseCache),
  Login('y', 'y', 'y', '*', 'n', 'n', DoLogin('user', 'req_pass'), UseNew),
  Login('y', 'y', 'y', '*', 'n', 'x', CheckExpired, DoLogin('user', 'req_pass'), UseNew),
  Login('y', 'y', 'y', 'y', 'y', 'y', CheckCache, UseCache),
  Login('y', 'y', 'y', 'y', 'y', 'x', CheckExpired, UseEnv),
  Login('y', 'y', 'y', 'y', 'y', 'n', UseEnv),
  Login('y', 'n', 'y', 'y', 'n', 'y', CheckCache, UseCache),
  Login('y', 'n', 'y', 'y', 'n', 'n', DoLogin('user', 'prompt_pass'), UseNew),
  Login('y', 'n', 'y', 'y', 'n', 'x', CheckExpired, DoLogin('user', 'prompt_pass'), UseNew),
  Login('y', 'n', 'y', 'n', 'n', 'y', CheckCache, UseCache),
  Login('y', 'n', 'y', 'n', 'n', 'n', DoLogin('user', 'prompt_pass'), UseNew),
  Login('y', 'n', 'y', 'n', 'n', 'x', CheckExpired, DoLogin('user', 'prompt_pass'), UseNew),
  Login('*', '*', 'y', '*', 'y', 'y', CheckCache, UseCache),
  Login('y', '*', 'y', '*', 'y', 'n', UseEnv),
  Login('n', '*', 'y', '*', 'y', 'n', UseEnv),
  Login('n', '*', 'y', '*', 'y', 'x', CheckExpired, Use('user', 'env_token')),
  Login('n', '*', 'y', '*', 'y', 'y', CheckCache, Use('user', 'cache')),
  Login('n', '*', 'e', 'n', 'y', 'y', CheckCache, Use('user', 'cache')),
  Login('n', '*', 'e', 'y', 'y', 'y', CheckCache, Use('extra', 'cache')),
  Login('n', '*', 'y', 'y', 'n', 'y', CheckCache, UseCache),
  Login('n', '*', 'y', 'y', 'n', 'n', DoLogin('user', 'env_pass'), UseNew),
  Login('n', '*', 'y', 'y', 'n', 'x', CheckExpired, DoLogin('user', 'env_pass'), UseNew),
  Login('n', 'n', '*', 'n', 'n', 'n', DoLogin('determined', ''), UseNewDetermined),
  Login('n', 'n', '*', 'n', 'n', 'x', CheckExpired, DoLogin('user', 'prompt_pass'), UseNew),
  Login('n', 'n', '*', 'n', 'n', 'y', CheckCache, UseCache),
  Login('n', 'y', 'n', 'n', 'n', 'n', DoLogin('determined', 'req_pass'), UseNewDetermined),
  Login('n', 'y', 'yn', '*', '*', 'y', CheckCache, UseCache),
];

function expand(row: Row): Scenario[] {
  const fields = Object.keys(FIELDS) as Field[];
  let scenarios: Scenario[] = [{} as Scenario];
  fields.forEach((field, index) => {
    const options: Record<string, string | undefined> = FIELDS[field];
    const spec = row.spec[index] ?? '*';
    const letters = spec === '*' ? Object.keys(options) : [...spec];
    scenarios = scenarios.flatMap((partial) =>
      letters.map((letter) => ({ ...partial, [field]: options[letter] })),
    );
  });
  return scenarios;
}

const CASES = MATRIX.flatMap((row) =>
  expand(row).map(
    (scenario) => [`Login(${row.spec.join(', ')}) ${JSON.stringify(scenario)}`, scenario, row] as const,
  ),
);

let root: string;
let configDir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'det-credentials-'));
  configDir = path.join(root, 'determined');
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function seedCache(token: string | undefined): Promise<void> {
  if (token === undefined) return;
  await mkdir(configDir, { recursive: true });
  const entry = { active_user: 'user', tokens: { user: token, extra: token, determined: token } };
  await writeFile(
    path.join(configDir, 'auth.json'),
    JSON.stringify({ version: 2, masters: { [MASTER]: entry } }),
  );
}

function fakes(overrides: Partial<ResolveSessionOptions> = {}) {
  const validateToken = jest.fn(async (token: string) => ['cache', 'env_token'].includes(token));
  const login = jest.fn(async (_user: string, _hashed: string) => 'new');
  const logger = warningLogger();
  const options: ResolveSessionOptions = {
    master: MASTER,
    configDir,
    logger,
    validateToken,
    login,
    ...overrides,
  };
  return { options, validateToken, login, logger };
}

function envOf(scenario: Scenario): EnvVars {
  return { DET_USER: scenario.envUser, DET_PASS: scenario.envPass, DET_USER_TOKEN: scenario.envToken };
}

const SOURCES: Record<string, string> = { cache: 'cache', env_token: 'env-token', new: 'login' };

describe('scenario 57: resolveSession login matrix (section 1.3)', () => {
  it.each(CASES)('%s', async (_label, scenario, row) => {
    await seedCache(scenario.cache);
    const { options, validateToken, login } = fakes({
      user: scenario.reqUser,
      password: scenario.reqPass,
      env: envOf(scenario),
    });
    const prompts = row.expected.some((e) => e.kind === 'login' && e.password === 'prompt_pass');
    const outcome = resolveSession(options);

    if (prompts) {
      await expect(outcome).rejects.toThrow(AuthenticationError);
      await expect(outcome).rejects.toThrow('No password for user "user": pass { password } or set DET_PASS');
      expect(login).not.toHaveBeenCalled();
    } else {
      const session = await outcome;
      for (const expectation of row.expected) {
        if (expectation.kind === 'login') {
          expect(login).toHaveBeenCalledWith(expectation.user, saltAndHashPassword(expectation.password));
        }
        if (expectation.kind === 'use') {
          expect(session).toEqual({
            username: expectation.user,
            token: expectation.token,
            source: SOURCES[expectation.token],
          });
        }
      }
      if (!row.expected.some((e) => e.kind === 'login')) expect(login).not.toHaveBeenCalled();
    }
    for (const expectation of row.expected) {
      if (expectation.kind === 'check') expect(validateToken).toHaveBeenCalledWith(expectation.token);
    }
    if (!row.expected.some((e) => e.kind === 'check')) expect(validateToken).not.toHaveBeenCalled();

    const cache = await TokenCache.open({ master: MASTER, configDir });
    expect(cache.getActiveUser()).toBe(scenario.cache === undefined ? undefined : 'user');
    const used = row.expected.find((e) => e.kind === 'use');
    if (!prompts && used?.kind === 'use' && used.token === 'new')
      expect(cache.getToken(used.user)).toBe('new');
    if (row.expected.includes(CheckExpired) && used?.kind === 'use' && used.token !== 'new') {
      expect(cache.getToken(used.user)).toBeUndefined();
    }
  });
});

describe('resolveSession details', () => {
  it('turns a 403 for the fallback user into an AuthenticationError asking to log in', async () => {
    const forbidden = new PermissionDeniedError({ status: 403, method: 'POST', path: '/api/v1/auth/login' });
    const { options } = fakes({ env: {}, login: jest.fn(async () => Promise.reject(forbidden)) });
    const error = await resolveSession(options).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    expect((error as Error).message).toMatch(/det user login/);
  });

  it('lets a 403 for an explicitly requested user through', async () => {
    const forbidden = new PermissionDeniedError({ status: 403, method: 'POST', path: '/api/v1/auth/login' });
    const { options } = fakes({
      env: {},
      user: 'u',
      password: 'p',
      login: jest.fn(async () => Promise.reject(forbidden)),
    });
    await expect(resolveSession(options)).rejects.toBe(forbidden);
  });

  it('only warns about a weak password and caches the new token without changing the active user', async () => {
    const { options, logger } = fakes({ env: {}, user: 'u', password: 'weak' });
    await expect(resolveSession(options)).resolves.toEqual({ username: 'u', token: 'new', source: 'login' });
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(
      /complexity requirements:\n\u2713 password cannot be blank\n\u2717 password must/,
    );
    const cache = await TokenCache.open({ master: MASTER, configDir });
    expect(cache.getToken('u')).toBe('new');
    expect(cache.getActiveUser()).toBeUndefined();
  });

  it('warns about the empty default password too', async () => {
    const { options, logger } = fakes({ env: {} });
    await resolveSession(options);
    expect(logger.warnings).toHaveLength(1);
  });

  it('does not warn about a strong password', async () => {
    const { options, logger } = fakes({ env: {}, user: 'u', password: '0penSesame' });
    await resolveSession(options);
    expect(logger.warnings).toEqual([]);
  });

  it('uses a valid cached token even with a wrong password', async () => {
    await seedCache('cache');
    const { options, login } = fakes({ env: {}, user: 'user', password: 'wrong' });
    await expect(resolveSession(options)).resolves.toMatchObject({ token: 'cache', source: 'cache' });
    expect(login).not.toHaveBeenCalled();
  });

  it('propagates validation failures other than "invalid" and keeps the cached token', async () => {
    await seedCache('cache');
    const down = new ConnectionError('connection refused');
    const { options } = fakes({ env: {}, validateToken: jest.fn(async () => Promise.reject(down)) });
    await expect(resolveSession(options)).rejects.toBe(down);
    expect((await TokenCache.open({ master: MASTER, configDir })).getToken('user')).toBe('cache');
  });

  it('neither validates nor caches a DET_USER_TOKEN', async () => {
    const { options, validateToken } = fakes({ env: { DET_USER: 'u', DET_USER_TOKEN: 'tok' } });
    await expect(resolveSession(options)).resolves.toEqual({
      username: 'u',
      token: 'tok',
      source: 'env-token',
    });
    expect(validateToken).not.toHaveBeenCalled();
    expect((await TokenCache.open({ master: MASTER, configDir })).listUsers()).toEqual([]);
  });

  it('canonicalizes the master before looking up the cache', async () => {
    await seedCache('cache');
    const { options } = fakes({ env: {}, master: 'localhost:8080/' });
    await expect(resolveSession(options)).resolves.toMatchObject({ username: 'user', source: 'cache' });
  });
});

describe('resolveSession with an explicit token', () => {
  it('uses the token as is for the given user, without validation, login or cache write', async () => {
    const { options, validateToken, login } = fakes({ env: { DET_USER: 'envuser' }, user: 'u', token: 't' });
    await expect(resolveSession(options)).resolves.toEqual({
      username: 'u',
      token: 't',
      source: 'explicit-token',
    });
    expect(validateToken).not.toHaveBeenCalled();
    expect(login).not.toHaveBeenCalled();
    expect((await TokenCache.open({ master: MASTER, configDir })).listUsers()).toEqual([]);
  });

  it('takes the user from DET_USER when none is given', async () => {
    const { options } = fakes({ env: { DET_USER: 'envuser' }, token: 't' });
    await expect(resolveSession(options)).resolves.toMatchObject({ username: 'envuser' });
  });

  it('asks the master who owns the token when no user is known', async () => {
    const whoAmI = jest.fn(async () => 'owner');
    const { options } = fakes({ env: {}, token: 't', whoAmI });
    await expect(resolveSession(options)).resolves.toMatchObject({ username: 'owner', token: 't' });
    expect(whoAmI).toHaveBeenCalledWith('t');
  });

  it('requires a user when it cannot ask the master', async () => {
    const { options } = fakes({ env: {}, token: 't' });
    await expect(resolveSession(options)).rejects.toThrow(InvalidArgumentError);
  });

  it('rejects a token together with a password', async () => {
    const { options } = fakes({ env: {}, user: 'u', token: 't', password: 'p' });
    await expect(resolveSession(options)).rejects.toThrow(/either token or password/);
  });
});
