import { randomBytes } from 'node:crypto';
import { GrpcCode, MockHttpError } from '../errors';
import type { Wire } from '../state/wire';
import type { MockUser } from './mock-user';
import { passwordMatches, saltAndHash } from './password';

/** The agent user/group a user's tasks run as. */
export interface AgentUserGroup {
  /** POSIX uid the user's tasks run as. */
  agentUid?: number;
  /** POSIX gid the user's tasks run as. */
  agentGid?: number;
  /** POSIX user name the user's tasks run as. */
  agentUser?: string;
  /** POSIX group name the user's tasks run as. */
  agentGroup?: string;
}

interface UserRecord extends MockUser {
  passwordHash: string;
  modifiedAt: Date;
  lastAuthAt: Date | null;
  agentUserGroup: AgentUserGroup | null;
}

/** Fields of a new user. */
export interface NewUser {
  /** Login name (trimmed; must not be taken). */
  username: string;
  /** Cluster admin (default false). */
  admin?: boolean;
  /** Can log in (default true). */
  active?: boolean;
  /** Signs on through an external identity provider (default false). */
  remote?: boolean;
  /** Name shown in the web UI. */
  displayName?: string;
  /** The POSIX identity the user's tasks run as. */
  agentUserGroup?: AgentUserGroup | null;
  /** Plain text, or the client's salted hash when `isHashed`. */
  password?: string | null;
  /** `password` is already the client's salted hash. */
  isHashed?: boolean;
}

/** Changes to a user; a password comes with `isHashed` like on the wire. */
export type UserPatch = Partial<Omit<NewUser, 'isHashed'>> & {
  /** `password` is already the client's salted hash. */
  isHashed?: boolean;
};

/** The user as the API's `v1User` JSON. */
export type ApiUser = MockUser &
  Wire['v1User'] & {
    /** When the user was last changed (RFC 3339). */
    modifiedAt: string;
    /** When the user last logged in (RFC 3339), if ever. */
    lastAuthAt?: string;
    /** The POSIX identity the user's tasks run as, when linked. */
    agentUserGroup?: AgentUserGroup;
  };

function notFound(what: string): MockHttpError {
  return new MockHttpError(404, GrpcCode.NotFound, `user ${what} not found`);
}

function publicUser(record: UserRecord): MockUser {
  const { id, username, admin, active, remote, displayName } = record;
  return { id, username, admin, active, remote, displayName };
}

/**
 * The mock master's users and session tokens. Starts with `determined` (id 1) and `admin` (id 2,
 * admin), both with empty passwords.
 */
export class UserStore {
  private readonly users = new Map<number, UserRecord>();
  private readonly tokens = new Map<string, number>();
  private nextId = 1;

  constructor(private readonly now: () => Date = () => new Date()) {
    this.create({ username: 'determined', admin: false });
    this.create({ username: 'admin', admin: true });
  }

  /** The user with this id, or null. */
  getById(id: number): MockUser | null {
    const record = this.users.get(id);
    return record ? publicUser(record) : null;
  }

  /** The user with this login name, or null. */
  getByName(username: string): MockUser | null {
    const record = this.findRecord(username);
    return record ? publicUser(record) : null;
  }

  /** Every user, in id order. */
  list(): MockUser[] {
    return [...this.users.values()].map(publicUser);
  }

  /** Creates a user; 409 AlreadyExists when the name is taken. */
  create(input: NewUser): MockUser {
    const username = input.username.trim();
    if (username === '') throw new MockHttpError(400, GrpcCode.InvalidArgument, 'username cannot be empty');
    if (this.findRecord(username)) {
      throw new MockHttpError(409, GrpcCode.AlreadyExists, `user ${username} already exists`);
    }
    const password = input.password ?? '';
    const record: UserRecord = {
      id: this.nextId++,
      username,
      admin: input.admin ?? false,
      active: input.active ?? true,
      remote: input.remote ?? false,
      displayName: input.displayName ?? '',
      passwordHash: input.isHashed ? password : saltAndHash(password),
      modifiedAt: this.now(),
      lastAuthAt: null,
      agentUserGroup: input.agentUserGroup ?? null,
    };
    this.users.set(record.id, record);
    return publicUser(record);
  }

  /** Applies a patch; 404 for unknown ids, 409 when renaming onto a taken name. */
  patch(id: number, patch: UserPatch): MockUser {
    const record = this.users.get(id);
    if (!record) throw notFound(String(id));
    if (patch.username !== undefined && patch.username !== record.username) {
      if (patch.username.trim() === '') {
        throw new MockHttpError(400, GrpcCode.InvalidArgument, 'username cannot be empty');
      }
      if (this.findRecord(patch.username)) {
        throw new MockHttpError(409, GrpcCode.AlreadyExists, `user ${patch.username} already exists`);
      }
      record.username = patch.username;
    }
    if (patch.admin !== undefined) record.admin = patch.admin;
    if (patch.active !== undefined) record.active = patch.active;
    if (patch.remote !== undefined) record.remote = patch.remote;
    if (patch.displayName !== undefined) record.displayName = patch.displayName;
    if (patch.agentUserGroup !== undefined) record.agentUserGroup = patch.agentUserGroup;
    if (patch.password !== undefined) {
      const password = patch.password ?? '';
      record.passwordHash = patch.isHashed ? password : saltAndHash(password);
    }
    record.modifiedAt = this.now();
    return publicUser(record);
  }

  /** Checks credentials; null on an unknown user or a wrong password. */
  verifyPassword(username: string, password: string, isHashed: boolean): MockUser | null {
    const record = this.findRecord(username);
    if (!record || !passwordMatches(record.passwordHash, password, isHashed)) return null;
    return publicUser(record);
  }

  /** Issues a new session token for a user and notes the login time. */
  issueToken(userId: number): string {
    const record = this.users.get(userId);
    if (!record) throw notFound(String(userId));
    record.lastAuthAt = this.now();
    const token = `v2.public.${randomBytes(32).toString('base64url')}`;
    this.tokens.set(token, userId);
    return token;
  }

  /** The active user a token belongs to, or null. */
  userForToken(token: string): MockUser | null {
    const id = this.tokens.get(token);
    const record = id === undefined ? undefined : this.users.get(id);
    return record?.active ? publicUser(record) : null;
  }

  /** Invalidates a token; false when it was unknown. */
  revokeToken(token: string): boolean {
    return this.tokens.delete(token);
  }

  /** The user as `v1User` JSON. */
  toApi(id: number): ApiUser {
    const record = this.users.get(id);
    if (!record) throw notFound(String(id));
    return {
      ...publicUser(record),
      modifiedAt: record.modifiedAt.toISOString(),
      ...(record.lastAuthAt ? { lastAuthAt: record.lastAuthAt.toISOString() } : {}),
      ...(record.agentUserGroup ? { agentUserGroup: record.agentUserGroup } : {}),
    };
  }

  private findRecord(username: string): UserRecord | undefined {
    for (const record of this.users.values()) if (record.username === username) return record;
    return undefined;
  }
}
