import type { GroupRecord } from '../cluster/groups';
import { invalidArgument, notFound } from '../errors';
import type { Handler, MockContext, MockRequest } from '../server/types';
import { requireAdmin } from './cluster-util';
import { pageOf } from './paging';
import { body, ilike, ok, pathInt } from './util';

function details(ctx: MockContext, group: GroupRecord) {
  const users = [...group.members]
    .sort((a, b) => a - b)
    .filter((id) => ctx.users.getById(id) !== null)
    .map((id) => ctx.users.toApi(id));
  return { groupId: group.id, name: group.name, users };
}

function userIds(ctx: MockContext, value: unknown): number[] {
  const ids = Array.isArray(value) ? value.map(Number) : [];
  for (const id of ids) if (ctx.users.getById(id) === null) throw notFound(`user ${id} not found`);
  return ids;
}

function checkName(name: string): void {
  if (name.includes('DeterminedPersonalGroup'))
    throw invalidArgument("group name cannot contain 'DeterminedPersonalGroup'");
}

/** User groups (OSS: membership only; roles need the Enterprise Edition). */
export const groupHandlers: Readonly<Record<string, Handler>> = {
  CreateGroup: (req: MockRequest, ctx) => {
    const b = body(req);
    const name = String(b.name ?? '');
    checkName(name);
    requireAdmin(req);
    const group = ctx.state.cluster.groups.create(name, userIds(ctx, b.addUsers));
    return ok({ group: details(ctx, group) });
  },
  GetGroup: (req, ctx) => ok({ group: details(ctx, ctx.state.cluster.groups.get(pathInt(req, 'groupId'))) }),
  GetGroups: (req, ctx) => {
    const b = body(req);
    const limit = Number(b.limit ?? 0);
    if (limit <= 0 || limit > 500) throw invalidArgument('Bad request: limit is required and must be <= 500');
    const name = typeof b.name === 'string' && b.name !== '' ? b.name : undefined;
    const userId = typeof b.userId === 'number' && b.userId > 0 ? b.userId : undefined;
    const groups = ctx.state.cluster.groups
      .list()
      .filter((g) => ilike(g.name, name))
      .filter((g) => userId === undefined || g.members.has(userId));
    const { page, pagination } = pageOf(groups, { ...req, query: { offset: b.offset ?? 0, limit } });
    return ok({
      groups: page.map((g) => ({ group: { groupId: g.id, name: g.name }, numMembers: g.members.size })),
      pagination,
    });
  },
  UpdateGroup: (req, ctx) => {
    requireAdmin(req);
    const b = body(req);
    const id = pathInt(req, 'groupId');
    if (typeof b.groupId === 'number' && b.groupId !== id)
      throw invalidArgument(`group id in body (${b.groupId}) does not match the path (${id})`);
    if (typeof b.name === 'string') checkName(b.name);
    const group = ctx.state.cluster.groups.update(id, {
      ...(typeof b.name === 'string' && b.name !== '' ? { name: b.name } : {}),
      add: userIds(ctx, b.addUsers),
      remove: userIds(ctx, b.removeUsers),
    });
    return ok({ group: details(ctx, group) });
  },
  DeleteGroup: (req, ctx) => {
    requireAdmin(req);
    ctx.state.cluster.groups.delete(pathInt(req, 'groupId'));
    return ok({});
  },
  AssignMultipleGroups: (req, ctx) => {
    requireAdmin(req);
    const b = body(req);
    const users = userIds(ctx, b.userIds);
    const { groups } = ctx.state.cluster;
    const add = (Array.isArray(b.addGroups) ? b.addGroups : []).map(Number);
    const remove = (Array.isArray(b.removeGroups) ? b.removeGroups : []).map(Number);
    for (const id of [...add, ...remove]) groups.get(id);
    for (const id of add) groups.update(id, { add: users });
    for (const id of remove) groups.update(id, { remove: users });
    return ok({});
  },
};
