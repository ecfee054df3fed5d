import { startTestServer, type TestServer } from '../testing/test-server';
import { saltAndHash } from './password';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ seed: 5 });
});
afterAll(async () => {
  expect(server.responseViolations).toEqual([]);
  await server.close();
});

async function call(method: string, path: string, options: { token?: string; body?: unknown } = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function login(username: string, password: string, isHashed: boolean) {
  return call('POST', '/api/v1/auth/login', { body: { username, password, isHashed } });
}

describe('login and sessions', () => {
  it('logs the default users in with empty passwords and returns a token and the user', async () => {
    const res = await login('admin', '', true);
    expect(res.status).toBe(200);
    expect(res.body.token).toMatch(/^v2\.public\./);
    expect(res.body.user).toMatchObject({ id: 2, username: 'admin', admin: true, active: true });
    expect((await login('determined', '', false)).body.user).toMatchObject({ id: 1, admin: false });
  });

  it('answers 401 invalid credentials for a wrong password or an unknown user, as the master does', async () => {
    expect(await login('admin', saltAndHash('nope'), true)).toEqual({
      status: 401,
      body: { error: { code: 16, reason: 'Unauthenticated', error: 'invalid credentials' } },
    });
    expect((await login('nobody', '', true)).status).toBe(401);
  });

  it('returns the current user at /api/v1/me and /api/v1/auth/user', async () => {
    const { token } = (await login('determined', '', true)).body as { token: string };
    expect((await call('GET', '/api/v1/me', { token })).body).toMatchObject({
      user: { username: 'determined' },
    });
    expect((await call('GET', '/api/v1/auth/user', { token })).body).toMatchObject({ user: { id: 1 } });
  });

  it('invalidates the token on logout', async () => {
    const { token } = (await login('determined', '', true)).body as { token: string };
    expect((await call('POST', '/api/v1/auth/logout', { token })).status).toBe(200);
    expect((await call('GET', '/api/v1/me', { token })).status).toBe(401);
  });
});

describe('users', () => {
  let admin: string;
  beforeAll(async () => {
    admin = await server.login('admin');
  });

  it('lists users with pagination', async () => {
    const all = await call('GET', '/api/v1/users?sortBy=SORT_BY_USER_NAME&orderBy=ORDER_BY_DESC', {
      token: admin,
    });
    const names = (all.body.users as Array<{ username: string }>).map((u) => u.username);
    expect(names.slice(0, 2)).toEqual([...names].sort().reverse().slice(0, 2));
    const page = await call('GET', '/api/v1/users?offset=1&limit=1', { token: admin });
    expect(page.body.users).toHaveLength(1);
    expect(page.body.pagination).toEqual({
      offset: 1,
      limit: 1,
      startIndex: 1,
      endIndex: 2,
      total: names.length,
    });
  });

  it('gets a user by id and by username, and answers 404 for unknown ones', async () => {
    expect((await call('GET', '/api/v1/users/2', { token: admin })).body).toMatchObject({
      user: { username: 'admin' },
    });
    expect((await call('GET', '/api/v1/users/admin/by-username', { token: admin })).body).toMatchObject({
      user: { id: 2 },
    });
    expect((await call('GET', '/api/v1/users/999', { token: admin })).status).toBe(404);
    expect((await call('GET', '/api/v1/users/ghost/by-username', { token: admin })).status).toBe(404);
  });

  it('creates a user with a hashed password that can then log in', async () => {
    const created = await call('POST', '/api/v1/users', {
      token: admin,
      body: {
        user: { username: 'alice', admin: false, active: true, remote: false },
        password: saltAndHash('0penSesame'),
        isHashed: true,
      },
    });
    expect(created.status).toBe(200);
    expect(created.body.user).toMatchObject({ username: 'alice', active: true });
    expect((await login('alice', '0penSesame', false)).status).toBe(200);
    expect((await login('alice', saltAndHash('0penSesame'), true)).status).toBe(200);
    const duplicate = await call('POST', '/api/v1/users', {
      token: admin,
      body: { user: { username: 'alice', admin: false, active: true } },
    });
    expect(duplicate.status).toBe(409);
  });

  it('lets only admins create users', async () => {
    const token = await server.login('determined');
    const res = await call('POST', '/api/v1/users', {
      token,
      body: { user: { username: 'mallory', admin: true, active: true } },
    });
    expect(res.status).toBe(403);
  });

  it('patches username, display name, agent group and password', async () => {
    const { body } = await call('POST', '/api/v1/users', {
      token: admin,
      body: { user: { username: 'bob', admin: false, active: true } },
    });
    const id = (body.user as { id: number }).id;
    const patched = await call('PATCH', `/api/v1/users/${id}`, {
      token: admin,
      body: {
        username: 'robert',
        displayName: 'Bob',
        agentUserGroup: { agentUid: 1000, agentGid: 1000, agentUser: 'bob', agentGroup: 'staff' },
      },
    });
    expect(patched.body.user).toMatchObject({
      username: 'robert',
      displayName: 'Bob',
      agentUserGroup: { agentUid: 1000, agentGid: 1000, agentUser: 'bob', agentGroup: 'staff' },
    });
    await call('PATCH', `/api/v1/users/${id}`, {
      token: admin,
      body: { password: saltAndHash('N3wPassword'), isHashed: true },
    });
    expect((await login('robert', 'N3wPassword', false)).status).toBe(200);
  });

  it('refuses a partial agent user group and a display name another user has, like the master', async () => {
    const { body } = await call('POST', '/api/v1/users', {
      token: admin,
      body: { user: { username: 'carl', admin: false, active: true } },
    });
    const id = (body.user as { id: number }).id;
    const partial = await call('PATCH', `/api/v1/users/${id}`, {
      token: admin,
      body: { agentUserGroup: { agentUid: 1000, agentGid: 1000 } },
    });
    expect(partial).toMatchObject({
      status: 400,
      body: { error: { error: 'agentUid, agentGid, agentUser and agentGroup cannot be empty' } },
    });
    const taken = await call('PATCH', `/api/v1/users/${id}`, {
      token: admin,
      body: { displayName: 'Admin' },
    });
    expect(taken).toMatchObject({
      status: 400,
      body: {
        error: { error: 'can not change display name to Admin found a similar username or display name' },
      },
    });
  });

  it('lets a user change their own display name but not their admin flag', async () => {
    const token = await server.login('determined');
    expect((await call('PATCH', '/api/v1/users/1', { token, body: { displayName: 'Det' } })).status).toBe(
      200,
    );
    expect((await call('PATCH', '/api/v1/users/1', { token, body: { admin: true } })).status).toBe(403);
    expect((await call('PATCH', '/api/v1/users/2', { token, body: { displayName: 'x' } })).status).toBe(403);
  });

  it('refuses login and existing sessions of a deactivated user', async () => {
    await call('POST', '/api/v1/users', {
      token: admin,
      body: { user: { username: 'carol', admin: false, active: true } },
    });
    const token = await server.login('carol');
    const carol = await call('GET', '/api/v1/users/carol/by-username', { token: admin });
    const id = (carol.body.user as { id: number }).id;
    await call('PATCH', `/api/v1/users/${id}`, { token: admin, body: { active: false } });
    expect((await call('GET', '/api/v1/me', { token })).status).toBe(401);
    expect(await login('carol', '', true)).toMatchObject({
      status: 403,
      body: { error: { code: 7, error: 'user is not active' } },
    });
  });
});

describe('cluster info', () => {
  it('reports master info derived from the seed without a session', async () => {
    const { status, body } = await call('GET', '/api/v1/master');
    expect(status).toBe(200);
    expect(body).toMatchObject({ version: '0.38.1', clusterName: 'mock-master', hasCustomLogo: false });
    const again = await startTestServer({ seed: 5 });
    const other = (await (await fetch(`${again.url}/api/v1/master`)).json()) as Record<string, unknown>;
    await again.close();
    expect(other.clusterId).toBe(body.clusterId);
  });

  it('reports health without a session', async () => {
    expect(await call('GET', '/health')).toEqual({
      status: 200,
      body: {
        status: 'up',
        database: 'up',
        resource_managers: [{ cluster_name: 'mock-master', status: 'up' }],
      },
    });
  });
});
