import { tokenInfo } from '../cluster/access-tokens';
import { invalidArgument, permissionDenied } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import { reply, requireAdmin } from './cluster-util';
import { pageOf } from './paging';
import { body, ok, pathInt, qBool, qIntList, qStr, userOf } from './util';

function selfOrAdmin(req: MockRequest, userId: number, what: string): void {
  const user = userOf(req);
  if (!user.admin && user.id !== userId) throw permissionDenied(`only admin may ${what} of other users`);
}

const TOKEN_SORT: Readonly<Record<string, (t: ReturnType<typeof tokenInfo>) => string | number | boolean>> = {
  SORT_BY_USER_ID: (t) => t.userId,
  SORT_BY_EXPIRY: (t) => t.expiry ?? '',
  SORT_BY_CREATED_AT: (t) => t.createdAt ?? '',
  SORT_BY_TOKEN_TYPE: (t) => t.tokenType ?? '',
  SORT_BY_REVOKED: (t) => t.revoked ?? false,
  SORT_BY_DESCRIPTION: (t) => t.description ?? '',
};

/** User settings, activity, passwords, bulk activation and access tokens. */
export const userExtraHandlers: Readonly<Record<string, Handler>> = {
  GetUserSetting: (req, { state }) =>
    reply('v1GetUserSettingResponse', { settings: state.cluster.userSettings.list(userOf(req).id) }),
  PostUserSetting: (req, { state }) => {
    const settings = (body(req).settings ?? []) as Parameters<typeof state.cluster.userSettings.post>[1];
    state.cluster.userSettings.post(userOf(req).id, settings);
    return ok({});
  },
  ResetUserSetting: (req, { state }) => {
    state.cluster.userSettings.reset(userOf(req).id);
    return ok({});
  },
  PostUserActivity: (req, { state }) => {
    const b = body(req);
    if (b.entityType !== 'ENTITY_TYPE_PROJECT') throw invalidArgument('only project activity is recorded');
    const projectId = Number(b.entityId);
    state.project(projectId);
    const userId = userOf(req).id;
    const mine = state.cluster.projectActivity.get(userId) ?? new Map<number, number>();
    mine.set(projectId, state.nowMs());
    state.cluster.projectActivity.set(userId, mine);
    return ok({});
  },
  SetUserPassword: (req, { users }) => {
    const userId = pathInt(req, 'userId');
    selfOrAdmin(req, userId, 'set the password');
    if (typeof req.body !== 'string') throw invalidArgument('the body must be the password as a JSON string');
    users.patch(userId, { password: req.body, isHashed: true });
    return ok({ user: users.toApi(userId) });
  },
  PatchUsers: (req, { users }) => {
    requireAdmin(req);
    const b = body(req);
    const ids = Array.isArray(b.userIds) ? b.userIds.map(Number) : [];
    const results = ids.map((id) => {
      if (users.getById(id) === null) return { id, error: 'user not found' };
      users.patch(id, { active: b.activate === true });
      return { id, error: '' };
    });
    return reply('v1PatchUsersResponse', { results });
  },
  GetAccessTokens: (req, { state, users }) => {
    const user = userOf(req);
    const ids = new Set(qIntList(req, 'tokenIds'));
    const username = qStr(req, 'username');
    const showInactive = qBool(req, 'showInactive') === true;
    const now = state.nowMs();
    const infos = state.cluster.accessTokens
      .list()
      .filter((t) => user.admin || t.userId === user.id)
      .filter((t) => ids.size === 0 || ids.has(t.id))
      .filter((t) => username === undefined || users.getById(t.userId)?.username === username)
      .filter((t) => showInactive || (!t.revoked && t.expiryMs > now))
      .map(tokenInfo);
    const key = TOKEN_SORT[qStr(req, 'sortBy') ?? ''] ?? ((t: ReturnType<typeof tokenInfo>) => t.id);
    const sign = qStr(req, 'orderBy') === 'ORDER_BY_DESC' ? -1 : 1;
    const sorted = [...infos].sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      return sign * (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id);
    });
    const { page, pagination } = pageOf(sorted, req);
    return reply('v1GetAccessTokensResponse', { tokenInfo: page, pagination });
  },
  PostAccessToken: (req, { state, users }) => {
    const b = body(req);
    const userId = Number(b.userId);
    selfOrAdmin(req, userId, 'create access tokens');
    if (users.getById(userId) === null) throw invalidArgument(`user ${userId} not found`);
    const token = users.issueToken(userId);
    const record = state.cluster.accessTokens.create({
      userId,
      token,
      nowMs: state.nowMs(),
      lifespan: typeof b.lifespan === 'string' ? b.lifespan : null,
      description: typeof b.description === 'string' ? b.description : null,
    });
    return reply('v1PostAccessTokenResponse', { token, tokenId: record.id });
  },
  PatchAccessToken: (req, { state, users }) => {
    const record = state.cluster.accessTokens.get(pathInt(req, 'tokenId'));
    selfOrAdmin(req, record.userId, 'change access tokens');
    const b = body(req);
    if (typeof b.description === 'string') record.description = b.description;
    if (b.setRevoked === true && !record.revoked) {
      record.revoked = true;
      users.revokeToken(record.token);
    }
    return reply('v1PatchAccessTokenResponse', { tokenInfo: tokenInfo(record) });
  },
};
