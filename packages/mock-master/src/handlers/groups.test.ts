import { startForTest } from '../testing/start-for-test';
import { testClient } from './cluster-test-client';

type Obj = Record<string, unknown>;

describe('user groups', () => {
  const env = startForTest({ speed: 0, seed: 4 });
  const admin = testClient(env);
  const user = testClient(env, 'determined');
  beforeAll(async () => {
    await admin.login();
    await user.login();
  });

  it('creates a group with members, finds, renames, changes members and deletes it', async () => {
    const group = (await admin.json('POST', '/api/v1/groups', { name: 'ml', addUsers: [1] })).group as Obj;
    expect(group).toMatchObject({ name: 'ml', users: [expect.objectContaining({ username: 'determined' })] });
    const id = group.groupId as number;
    const found = await admin.json('POST', '/api/v1/groups/search', { limit: 10, userId: 1 });
    expect(found.groups).toEqual([{ group: { groupId: id, name: 'ml' }, numMembers: 1 }]);
    const updated = (
      await admin.json('PUT', `/api/v1/groups/${id}`, {
        groupId: id,
        name: 'ml-team',
        addUsers: [2],
        removeUsers: [1],
      })
    ).group as Obj;
    expect(updated).toMatchObject({
      name: 'ml-team',
      users: [expect.objectContaining({ username: 'admin' })],
    });
    expect((await admin.call('POST', '/api/v1/groups', { name: 'ml-team' })).status).toBe(409);
    await admin.json('PATCH', '/api/v1/users/assignments', {
      userIds: [1],
      addGroups: [id],
      removeGroups: [],
    });
    expect(((await admin.json('GET', `/api/v1/groups/${id}`)).group as Obj).users).toHaveLength(2);
    await admin.json('DELETE', `/api/v1/groups/${id}`);
    expect((await admin.call('GET', `/api/v1/groups/${id}`)).status).toBe(404);
  });

  it('refuses non-admins, personal-group names and searches without a limit', async () => {
    expect((await user.call('POST', '/api/v1/groups', { name: 'mine' })).status).toBe(403);
    expect((await admin.call('POST', '/api/v1/groups', { name: 'xDeterminedPersonalGroup' })).status).toBe(
      400,
    );
    expect((await admin.call('POST', '/api/v1/groups/search', { limit: 0 })).status).toBe(400);
  });
});
