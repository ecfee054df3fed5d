import { startForTest } from '../testing/start-for-test';
import { testClient } from './cluster-test-client';

type Obj = Record<string, unknown>;

describe('user settings, activity, passwords and access tokens', () => {
  const env = startForTest({ speed: 0, seed: 6 });
  const admin = testClient(env);
  const user = testClient(env, 'determined');
  beforeAll(async () => {
    await admin.login();
    await user.login();
  });

  it('keeps web settings per user; an empty value deletes one; reset clears them', async () => {
    await user.json('POST', '/api/v1/users/setting', {
      settings: [
        { key: 'theme', storagePath: 'ui', value: '"dark"' },
        { key: 'cols', storagePath: 'table', value: '[1]' },
      ],
    });
    await user.json('POST', '/api/v1/users/setting', {
      settings: [{ key: 'cols', storagePath: 'table', value: '' }],
    });
    expect((await user.json('GET', '/api/v1/users/setting')).settings).toEqual([
      { key: 'theme', storagePath: 'ui', value: '"dark"' },
    ]);
    expect((await admin.json('GET', '/api/v1/users/setting')).settings).toEqual([]);
    await user.json('POST', '/api/v1/users/setting/reset');
    expect((await user.json('GET', '/api/v1/users/setting')).settings).toEqual([]);
  });

  it('issues access tokens that authenticate, lists them, and revokes them', async () => {
    const { token, tokenId } = (await admin.json('POST', '/api/v1/tokens', {
      userId: 1,
      lifespan: '48h',
      description: 'ci',
    })) as {
      token: string;
      tokenId: number;
    };
    const me = await fetch(`${env.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { user: Obj }).user.username).toBe('determined');
    const mine = (await user.json('GET', '/api/v1/tokens')).tokenInfo as Obj[];
    expect(mine).toEqual([
      expect.objectContaining({
        id: tokenId,
        userId: 1,
        description: 'ci',
        revoked: false,
        tokenType: 'TOKEN_TYPE_ACCESS_TOKEN',
      }),
    ]);
    const info = (await user.json('PATCH', `/api/v1/tokens/${tokenId}`, { tokenId, setRevoked: true }))
      .tokenInfo as Obj;
    expect(info.revoked).toBe(true);
    const after = await fetch(`${env.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
    expect((await user.json('GET', '/api/v1/tokens')).tokenInfo).toEqual([]);
    expect((await user.call('POST', '/api/v1/tokens', { userId: 2 })).status).toBe(403);
    expect((await admin.call('PATCH', '/api/v1/tokens/99', { tokenId: 99 })).status).toBe(404);
  });

  it('records project visits for the recent-projects list and activates users in bulk', async () => {
    await user.json('POST', '/api/v1/users/activity', {
      activityType: 'ACTIVITY_TYPE_GET',
      entityType: 'ENTITY_TYPE_PROJECT',
      entityId: 1,
    });
    const projects = (await user.json('GET', '/api/v1/user/projects/activity')).projects as Obj[];
    expect(projects.map((p) => p.id)).toEqual([1]);
    const results = (await admin.json('PATCH', '/api/v1/users', { userIds: [1, 99], activate: true }))
      .results;
    expect(results).toEqual([
      { id: 1, error: '' },
      { id: 99, error: 'user not found' },
    ]);
    expect((await user.call('PATCH', '/api/v1/users', { userIds: [1], activate: false })).status).toBe(403);
  });
});
