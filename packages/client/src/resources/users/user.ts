import { assertPasswordComplexity, saltAndHashPassword } from '../../auth/password';
import { collect } from '../../core/collect';
import { DeterminedError, InvalidArgumentError } from '../../core/errors';
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { OperationBody, OperationResult } from '../../core/operation-types';
import { paginateItems } from '../../core/pagination';
import type { Session } from '../../core/session';
import { operationPath } from '../../core/typed-call';
import { createWithoutDuplicates } from '../../lib/recover-lost-create';
import { findCreatedUser } from './user-lookup';

type ApiUser = OperationResult<'GetUser'>['user'];
type PatchUser = OperationBody<'PatchUser'>;

/** Options of {@link User.linkWithAgent}: the POSIX identity the user's tasks run as (unset → `null`). */
export interface LinkWithAgentOptions extends MethodOptions {
  /** POSIX user ID (Python `agent_uid`). */
  readonly agentUid?: number | undefined;
  /** POSIX group ID (Python `agent_gid`). */
  readonly agentGid?: number | undefined;
  /** POSIX user name (Python `agent_user`). */
  readonly agentUser?: string | undefined;
  /** POSIX group name (Python `agent_group`). */
  readonly agentGroup?: string | undefined;
}

/** Options of {@link createUser}. */
export interface CreateUserOptions extends MethodOptions {
  /** Password (checked against the complexity rules unless `remote`); sent hashed. */
  readonly password?: string | null | undefined;
  /** A user who signs on through an external identity provider (no password). */
  readonly remote?: boolean | undefined;
}

/** Options of {@link listUsers}. */
export interface ListUsersOptions extends MethodOptions {
  /** Only active (`true`) or inactive (`false`) users; all when unset. */
  readonly active?: boolean | undefined;
}

/**
 * An account on the master. Attributes are a cached copy: they are `null` until hydrated (by
 * `User.fromApi` or `reload()`), and every mutating method reloads them after it succeeds.
 */
export class User {
  /** Unique id of the user. */
  readonly userId: number;
  /** Login name. */
  username: string | null = null;
  /** Whether the user is an administrator. */
  admin: boolean | null = null;
  /** Whether the user may log in (deactivated users may not). */
  active: boolean | null = null;
  /** Signs on through an external identity provider. */
  remote: boolean | null = null;
  /** Name shown in the web UI instead of the username, when set. */
  displayName: string | null = null;
  /** POSIX identity on agents, when the user is linked to one. */
  agentUid: number | null = null;
  /** POSIX group ID on agents. */
  agentGid: number | null = null;
  /** POSIX user name on agents. */
  agentUser: string | null = null;
  /** POSIX group name on agents. */
  agentGroup: string | null = null;
  readonly #session: Session;

  /** A user by id; makes no request (call `reload()` to fetch its attributes). */
  constructor(userId: number, session: Session) {
    this.userId = userId;
    this.#session = session;
  }

  /**
   * A user hydrated from the API object.
   * @throws InvalidArgumentError when the object has no `id`.
   */
  static fromApi(raw: ApiUser, session: Session): User {
    if (typeof raw.id !== 'number') {
      throw new InvalidArgumentError(`user object without an id: ${JSON.stringify(raw.username)}`);
    }
    const user = new User(raw.id, session);
    user.#hydrate(raw);
    return user;
  }

  #hydrate(raw: ApiUser): void {
    this.username = raw.username;
    this.admin = raw.admin;
    this.remote = raw.remote ?? false;
    this.active = raw.active ?? true;
    this.displayName = raw.displayName ?? null;
    const group = raw.agentUserGroup;
    if (group) {
      this.agentUid = group.agentUid ?? null;
      this.agentGid = group.agentGid ?? null;
      this.agentUser = group.agentUser ?? null;
      this.agentGroup = group.agentGroup ?? null;
    }
  }

  /** `GET /api/v1/users/{id}` and refresh every attribute. */
  async reload(options: MethodOptions = {}): Promise<void> {
    const path = { userId: this.userId };
    const response = await this.#session.call('GetUser', { path }, callOptions(options));
    this.#hydrate(response.user);
  }

  /** Change the username, then reload. */
  async rename(newUsername: string, options: MethodOptions = {}): Promise<void> {
    await this.#patchAndReload({ username: newUsername }, options);
  }

  /** Activate the account, then reload. */
  async activate(options: MethodOptions = {}): Promise<void> {
    await this.#patchAndReload({ active: true }, options);
  }

  /** Deactivate the account, then reload. */
  async deactivate(options: MethodOptions = {}): Promise<void> {
    await this.#patchAndReload({ active: false }, options);
  }

  /** Change the name shown in the web UI, then reload. */
  async changeDisplayName(displayName: string, options: MethodOptions = {}): Promise<void> {
    await this.#patchAndReload({ displayName }, options);
  }

  /**
   * Set a new password (sent salted and hashed); no reload.
   * @throws InvalidArgumentError listing the complexity rules when the password fails one.
   */
  async changePassword(newPassword: string, options: MethodOptions = {}): Promise<void> {
    assertPasswordComplexity(newPassword);
    await this.#patch({ password: saltAndHashPassword(newPassword), isHashed: true }, options);
  }

  /** Link the user to a POSIX identity on agents (unset fields are sent as `null`), then reload. */
  async linkWithAgent(options: LinkWithAgentOptions = {}): Promise<void> {
    const agentUserGroup = {
      agentGid: options.agentGid ?? null,
      agentGroup: options.agentGroup ?? null,
      agentUid: options.agentUid ?? null,
      agentUser: options.agentUser ?? null,
    };
    await this.#patchAndReload({ agentUserGroup }, options);
  }

  async #patch(body: PatchUser, options: MethodOptions): Promise<void> {
    await this.#session.call('PatchUser', { path: { userId: this.userId }, body }, callOptions(options));
  }

  async #patchAndReload(body: PatchUser, options: MethodOptions): Promise<void> {
    await this.#patch(body, options);
    await this.reload(options);
  }
}

/**
 * `POST /api/v1/users`. Unless `remote`, the password must satisfy the complexity rules
 * (`InvalidArgumentError` otherwise) and is sent hashed; remote users are sent without one.
 * Sent once: when the answer is lost, the user is looked up by its (unique) username.
 * @throws NotCreatedError when the master did not create it (safe to retry).
 * @throws AmbiguousOutcomeError when a user with the name exists that may not be this call's.
 */
export async function createUser(
  session: Session,
  username: string,
  admin: boolean,
  options: CreateUserOptions = {},
): Promise<User> {
  const remote = options.remote ?? false;
  let password: string | null = null;
  if (!remote) {
    assertPasswordComplexity(options.password);
    password = options.password ? saltAndHashPassword(options.password) : null;
  }
  const user = { active: true, admin, username, remote };
  return createWithoutDuplicates({
    operation: 'createUser',
    target: `user ${JSON.stringify(username)}`,
    check: `the user named ${JSON.stringify(username)} (getUserByName(${JSON.stringify(username)}))`,
    logger: session.logger,
    prepare: () => session.ready('PostUser'),
    create: async () => {
      const body = { isHashed: true, password, user };
      const response = await session.call('PostUser', { body }, callOptions(options));
      if (!response.user) {
        throw new DeterminedError(`POST ${operationPath('PostUser')} answered without the user ${username}`);
      }
      return User.fromApi(response.user, session);
    },
    lookup: (window) =>
      findCreatedUser(session, { sent: user, options, build: (raw) => User.fromApi(raw, session) }, window),
  });
}

/** `GET /api/v1/users/{id}`. */
export async function getUserById(
  session: Session,
  userId: number,
  options: MethodOptions = {},
): Promise<User> {
  const response = await session.call('GetUser', { path: { userId } }, callOptions(options));
  return User.fromApi(response.user, session);
}

/** `GET /api/v1/users/{username}/by-username`. */
export async function getUserByName(
  session: Session,
  username: string,
  options: MethodOptions = {},
): Promise<User> {
  const response = await session.call('GetUserByUsername', { path: { username } }, callOptions(options));
  return User.fromApi(response.user, session);
}

/** `GET /api/v1/me`: the session's user. */
export async function whoami(session: Session, options: MethodOptions = {}): Promise<User> {
  const response = await session.call('GetMe', {}, callOptions(options));
  return User.fromApi(response.user, session);
}

/** Lazily page through `GET /api/v1/users` (no request before iteration starts). */
export function iterUsers(session: Session, options: ListUsersOptions = {}): AsyncIterable<User> {
  return (async function* () {
    const pages = paginateItems(
      (offset) =>
        session.call('GetUsers', { query: { offset, active: options.active } }, callOptions(options)),
      (page) => page.users,
    );
    for await (const raw of pages) yield User.fromApi(raw, session);
  })();
}

/** Every user (`GET /api/v1/users`, all pages). */
export async function listUsers(session: Session, options: ListUsersOptions = {}): Promise<User[]> {
  return collect(iterUsers(session, options));
}
