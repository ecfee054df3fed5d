import { GrpcCode, invalidArgument, MockHttpError } from '../errors';
import { paginate } from '../server/paginate';
import type { Handler, MockRequest, MockUser } from '../server/types';
import type { Wire } from '../state/wire';
import type { AgentUserGroup, NewUser, UserPatch, UserStore } from './user-store';

type WireAgentUserGroup = Wire['v1AgentUserGroup'];

/** The user fields a request may carry (`v1PatchUser`; `v1User` of PostUser has the same names). */
type WireUserFields = Wire['v1PatchUser'];

type SortKey = (user: MockUser) => string | number | boolean;

const SORT_KEYS: Record<string, SortKey> = {
  SORT_BY_DISPLAY_NAME: (u) => u.displayName,
  SORT_BY_USER_NAME: (u) => u.username,
  SORT_BY_ADMIN: (u) => u.admin,
  SORT_BY_ACTIVE: (u) => u.active,
  SORT_BY_REMOTE: (u) => u.remote,
  SORT_BY_NAME: (u) => u.displayName || u.username,
};

function currentUser(req: MockRequest): MockUser {
  if (req.user === null) throw new MockHttpError(401, GrpcCode.Unauthenticated, 'unauthenticated');
  return req.user;
}

function requireAdmin(req: MockRequest, action: string): void {
  if (!currentUser(req).admin) {
    throw new MockHttpError(403, GrpcCode.PermissionDenied, `only admin may ${action}`);
  }
}

/** The master's `AgentUserGroupFromProto`: all four fields or none, and non-empty names. */
function agentGroupFrom(wire: WireAgentUserGroup | null | undefined): AgentUserGroup | null {
  if (!wire) return null;
  const { agentUid, agentGid, agentUser, agentGroup } = wire;
  const given = [agentUid, agentGid, agentUser, agentGroup].filter((v) => v !== null && v !== undefined);
  if (given.length === 0) return null;
  if (
    typeof agentUid !== 'number' ||
    typeof agentGid !== 'number' ||
    typeof agentUser !== 'string' ||
    typeof agentGroup !== 'string'
  ) {
    throw invalidArgument('agentUid, agentGid, agentUser and agentGroup cannot be empty');
  }
  if (agentUser === '' || agentGroup === '')
    throw invalidArgument('agentUser and agentGroup names cannot be empty');
  return { agentUid, agentGid, agentUser, agentGroup };
}

/** The master refuses a display name another user already has as username or display name (case-insensitive). */
function checkDisplayName(store: UserStore, target: MockUser, displayName: string | undefined): void {
  if (displayName === undefined || displayName === '' || displayName === target.displayName) return;
  const lower = displayName.toLowerCase();
  const taken = store
    .list()
    .some(
      (u) =>
        u.id !== target.id && (u.username.toLowerCase() === lower || u.displayName.toLowerCase() === lower),
    );
  if (taken) {
    throw invalidArgument(
      `can not change display name to ${displayName} found a similar username or display name`,
    );
  }
}

/** Copies the wire fields that are set (not null/absent) into a store patch. */
function patchFrom(wire: WireUserFields): UserPatch {
  const patch: UserPatch = {};
  if (typeof wire.username === 'string') patch.username = wire.username;
  if (typeof wire.admin === 'boolean') patch.admin = wire.admin;
  if (typeof wire.active === 'boolean') patch.active = wire.active;
  if (typeof wire.remote === 'boolean') patch.remote = wire.remote;
  if (typeof wire.displayName === 'string') patch.displayName = wire.displayName;
  if (wire.agentUserGroup !== undefined) patch.agentUserGroup = agentGroupFrom(wire.agentUserGroup);
  if (typeof wire.password === 'string') patch.password = wire.password;
  if (typeof wire.isHashed === 'boolean') patch.isHashed = wire.isHashed;
  return patch;
}

function sortUsers(users: MockUser[], sortBy: unknown, orderBy: unknown): MockUser[] {
  const key =
    typeof sortBy === 'string' ? (SORT_KEYS[sortBy] ?? ((u: MockUser) => u.id)) : (u: MockUser) => u.id;
  const direction = orderBy === 'ORDER_BY_DESC' ? -1 : 1;
  return users.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * direction;
  });
}

function userById(store: UserStore, id: unknown): MockUser {
  const user = typeof id === 'number' ? store.getById(id) : null;
  if (user === null) throw new MockHttpError(404, GrpcCode.NotFound, `user ${String(id)} not found`);
  return user;
}

const getUsers: Handler = (req, { users }) => {
  const { name, active, admin, sortBy, orderBy, offset, limit } = req.query;
  const filtered = users.list().filter((u) => {
    if (typeof name === 'string' && name !== '' && !`${u.username} ${u.displayName}`.includes(name))
      return false;
    if (typeof active === 'boolean' && u.active !== active) return false;
    return !(typeof admin === 'boolean' && u.admin !== admin);
  });
  const { page, pagination } = paginate(sortUsers(filtered, sortBy, orderBy), {
    offset: typeof offset === 'number' ? offset : undefined,
    limit: typeof limit === 'number' ? limit : undefined,
  });
  return { json: { users: page.map((u) => users.toApi(u.id)), pagination } };
};

const getUser: Handler = (req, { users }) => {
  const user = userById(users, req.pathParams.userId);
  return { json: { user: users.toApi(user.id) } };
};

const getUserByUsername: Handler = (req, { users }) => {
  const username = String(req.pathParams.username);
  const user = users.getByName(username);
  if (user === null) throw new MockHttpError(404, GrpcCode.NotFound, `user ${username} not found`);
  return { json: { user: users.toApi(user.id) } };
};

const postUser: Handler = (req, { users }) => {
  requireAdmin(req, 'create users');
  const body = req.body as {
    user?: WireUserFields | null;
    password?: string | null;
    isHashed?: boolean | null;
  };
  const fields = patchFrom(body.user ?? {});
  if (fields.username === undefined) throw invalidArgument('missing or invalid body field user.username');
  const input: NewUser = { ...fields, username: fields.username, isHashed: body.isHashed === true };
  if (typeof body.password === 'string') input.password = body.password;
  const created = users.create(input);
  return { json: { user: users.toApi(created.id) } };
};

const SELF_EDITABLE = new Set(['displayName', 'password', 'isHashed']);

const patchUser: Handler = (req, { users }) => {
  const target = userById(users, req.pathParams.userId);
  const patch = patchFrom(req.body as WireUserFields);
  const me = currentUser(req);
  if (!me.admin && (me.id !== target.id || Object.keys(patch).some((key) => !SELF_EDITABLE.has(key)))) {
    throw new MockHttpError(
      403,
      GrpcCode.PermissionDenied,
      'only admin may change these fields of this user',
    );
  }
  checkDisplayName(users, target, patch.displayName);
  const updated = users.patch(target.id, patch);
  return { json: { user: users.toApi(updated.id) } };
};

/** The users endpoints: list, get by id, get by username, create, patch. */
export const userHandlers: Readonly<Record<string, Handler>> = {
  GetUsers: getUsers,
  GetUser: getUser,
  GetUserByUsername: getUserByUsername,
  PostUser: postUser,
  PatchUser: patchUser,
};
