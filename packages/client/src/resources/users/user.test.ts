import { saltAndHashPassword } from '../../auth/password';
import { InvalidArgumentError } from '../../core/errors';
import { useHarness } from '../../testing/domain-fixtures';
import type { Reply } from '../../testing/recording-server';
import { createUser, getUserById, getUserByName, listUsers, User, whoami } from './user';

const harness = useHarness();
const STRONG = 'Str0ngPassword';

const apiUser = (overrides: Record<string, unknown> = {}) => ({
  id: 3,
  username: 'carol',
  admin: false,
  active: true,
  ...overrides,
});
const userReply = (overrides: Record<string, unknown> = {}): Reply => ({
  json: { user: apiUser(overrides) },
});

describe('users', () => {
  it('createUser() checks the complexity and posts the hashed password with isHashed and the user', async () => {
    const { session, server } = await harness([
      { method: 'POST', path: '/api/v1/users', reply: userReply() },
    ]);
    const user = await createUser(session, 'carol', true, { password: STRONG });
    expect(user.userId).toBe(3);
    expect(server.requests[0]?.body).toEqual({
      isHashed: true,
      password: saltAndHashPassword(STRONG),
      user: { active: true, admin: true, username: 'carol', remote: false },
    });
  });

  it('createUser() rejects a weak or missing password before any request, listing every rule', async () => {
    const { session, server } = await harness([]);
    await expect(createUser(session, 'carol', false, { password: 'weak' })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(createUser(session, 'carol', false)).rejects.toThrow(/✗ password cannot be blank/);
    expect(server.requests).toHaveLength(0);
  });

  it('createUser() sends a remote user with a null password and no complexity check', async () => {
    const { session, server } = await harness([
      { method: 'POST', path: '/api/v1/users', reply: userReply() },
    ]);
    await createUser(session, 'carol', false, { remote: true, password: 'weak' });
    expect(server.requests[0]?.body).toEqual({
      isHashed: true,
      password: null,
      user: { active: true, admin: false, username: 'carol', remote: true },
    });
  });

  it('hydrates defaults: active true and remote false when absent, agent fields only with a group', async () => {
    const { session } = await harness([]);
    const plain = User.fromApi(apiUser({ active: undefined, remote: null }) as never, session);
    expect(plain).toMatchObject({ active: true, remote: false, displayName: null, agentUid: null });
    const linked = User.fromApi(
      {
        ...apiUser(),
        displayName: 'C',
        agentUserGroup: { agentUid: 1000, agentGid: 1001, agentUser: 'c', agentGroup: 'g' },
      },
      session,
    );
    expect(linked).toMatchObject({
      displayName: 'C',
      agentUid: 1000,
      agentGid: 1001,
      agentUser: 'c',
      agentGroup: 'g',
    });
    expect(() => User.fromApi({ username: 'x', admin: false, active: true }, session)).toThrow(
      InvalidArgumentError,
    );
  });

  it('rename(), activate(), deactivate() and changeDisplayName() patch then reload', async () => {
    const { session, server } = await harness([
      { method: 'PATCH', path: '/api/v1/users/3', reply: { json: { user: apiUser() } } },
      {
        method: 'GET',
        path: '/api/v1/users/3',
        reply: userReply({ username: 'dave', displayName: 'D', active: false }),
      },
    ]);
    const user = new User(3, session);
    await user.rename('dave');
    await user.activate();
    await user.deactivate();
    await user.changeDisplayName('D');
    expect(server.requests.map((r) => `${r.method} ${JSON.stringify(r.body ?? null)}`)).toEqual([
      'PATCH {"username":"dave"}',
      'GET null',
      'PATCH {"active":true}',
      'GET null',
      'PATCH {"active":false}',
      'GET null',
      'PATCH {"displayName":"D"}',
      'GET null',
    ]);
    expect(user).toMatchObject({ username: 'dave', displayName: 'D', active: false });
  });

  it('changePassword() sends the hashed password without reloading; a weak one is refused locally', async () => {
    const { session, server } = await harness([
      { method: 'PATCH', path: '/api/v1/users/3', reply: { json: { user: apiUser() } } },
    ]);
    const user = new User(3, session);
    await expect(user.changePassword('short')).rejects.toBeInstanceOf(InvalidArgumentError);
    await user.changePassword(STRONG);
    expect(server.requests.map((r) => [r.method, r.body])).toEqual([
      ['PATCH', { password: saltAndHashPassword(STRONG), isHashed: true }],
    ]);
  });

  it('linkWithAgent() sends all four agent fields, null when not given, then reloads', async () => {
    const { session, server } = await harness([
      { method: 'PATCH', path: '/api/v1/users/3', reply: { json: { user: apiUser() } } },
      { method: 'GET', path: '/api/v1/users/3', reply: userReply({ agentUserGroup: { agentUid: 5 } }) },
    ]);
    const user = new User(3, session);
    await user.linkWithAgent({ agentUid: 5 });
    expect(server.requests[0]?.body).toEqual({
      agentUserGroup: { agentGid: null, agentGroup: null, agentUid: 5, agentUser: null },
    });
    expect(user.agentUid).toBe(5);
  });

  it('getUserById(), getUserByName() and whoami() read the user from their endpoints', async () => {
    const { session, server } = await harness([
      { method: 'GET', path: '/api/v1/users/3', reply: userReply() },
      { method: 'GET', path: '/api/v1/users/a b/by-username', reply: userReply({ username: 'a b' }) },
      { method: 'GET', path: '/api/v1/me', reply: userReply({ username: 'me' }) },
    ]);
    expect((await getUserById(session, 3)).username).toBe('carol');
    expect((await getUserByName(session, 'a b')).username).toBe('a b');
    expect((await whoami(session)).username).toBe('me');
    expect(server.requests.map((r) => r.path)).toEqual([
      '/api/v1/users/3',
      '/api/v1/users/a b/by-username',
      '/api/v1/me',
    ]);
  });

  it('listUsers() pages through users, sends active only when given, and skips pages without users', async () => {
    const { session, server } = await harness([
      {
        method: 'GET',
        path: '/api/v1/users',
        reply: (r) =>
          r.query.offset?.[0] === '0'
            ? { json: { users: [apiUser()], pagination: { endIndex: 1, total: 3 } } }
            : r.query.offset?.[0] === '1'
              ? { json: { pagination: { endIndex: 2, total: 3 } } }
              : {
                  json: {
                    users: [apiUser({ id: 4, username: 'eve' })],
                    pagination: { endIndex: 3, total: 3 },
                  },
                },
      },
    ]);
    expect((await listUsers(session)).map((u) => u.username)).toEqual(['carol', 'eve']);
    await listUsers(session, { active: false });
    expect(server.requests.map((r) => r.search)).toEqual([
      'offset=0',
      'offset=1',
      'offset=2',
      'offset=0&active=false',
      'offset=1&active=false',
      'offset=2&active=false',
    ]);
  });
});
