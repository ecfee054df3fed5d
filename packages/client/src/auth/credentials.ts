/**
 * Credential resolution of the Python SDK's `login_with_cache`, without HTTP of its own: the
 * caller supplies `validateToken` (`GET /api/v1/me`) and `login` (`POST /api/v1/auth/login`).
 */

import { AuthenticationError, InvalidArgumentError, PermissionDeniedError } from '../core/errors';
import type { Logger } from '../core/logger';
import { canonicalizeMasterUrl } from '../core/master-url';
import { operationPath } from '../core/typed-call';
import type { EnvVars } from './config-dir';
import { checkPasswordComplexity, passwordComplexityReport, saltAndHashPassword } from './password';
import { TokenCache } from './token-cache';

/** The user every fresh cluster has; tried with the empty password when nothing else is known. */
export const DEFAULT_USER = 'determined';

const LOGIN_PATH = operationPath('Login');

/** Where the session's token came from. */
export type SessionSource = 'explicit-token' | 'cache' | 'env-token' | 'login';

/** The user and token a session authenticates with. */
export interface ResolvedSession {
  readonly username: string;
  readonly token: string;
  readonly source: SessionSource;
}

/** Inputs of {@link resolveSession}. */
export interface ResolveSessionOptions {
  /** Master URL (canonicalized here; also the token cache key). */
  readonly master: string;
  /** Requested user (the SDK's `user` option). */
  readonly user?: string | undefined;
  /** Password for the requested (or fallback) user. */
  readonly password?: string | undefined;
  /** A ready-made token: used as is, never cached (SDK addition, see {@link resolveSession}). */
  readonly token?: string | undefined;
  /** Environment (default `process.env`): `DET_USER`, `DET_PASS`, `DET_USER_TOKEN`. */
  readonly env?: EnvVars | undefined;
  /** Config directory holding `auth.json`. */
  readonly configDir: string;
  /**
   * `false`: neither read nor write the `det` CLI's token cache (`auth.json`); the token lives in
   * memory only (for servers and tests that must not share the user's login). Default `true`.
   */
  readonly cacheToken?: boolean | undefined;
  /** Receives the password-complexity warning. */
  readonly logger: Logger;
  /** `true` iff `GET /api/v1/me` with this token answers 200; other failures must throw. */
  validateToken(token: string): Promise<boolean>;
  /** `POST /api/v1/auth/login` (no retries) with the already salted-and-hashed password; the token. */
  login(user: string, hashedPassword: string): Promise<string>;
  /** Username owning `token` (`GET /api/v1/me`); needed only for `token` without a known user. */
  whoAmI?: ((token: string) => Promise<string>) | undefined;
}

interface Candidate {
  readonly user: string;
  readonly password: string | undefined;
  readonly wasFallback: boolean;
}

/**
 * Decide which user and token a session uses (section 1.3 of the behaviour contract):
 * A. user/password = requested user, else `DET_USER`+`DET_PASS` (both set), else the cache's
 *    active user, else `determined` with the empty password;
 * B. a cached token for that user that `validateToken` accepts wins (an invalid one is dropped);
 * C. else `DET_USER_TOKEN` when `DET_USER` is set and matches the requested user (if any);
 * D. else a password is required — this SDK never prompts, it throws `AuthenticationError`;
 * E. `login`; a 403 for the fallback user becomes an `AuthenticationError` asking to log in;
 * F. a weak password only logs a warning; the new token is cached (active user untouched).
 *
 * SDK addition: an explicit `token` skips all of the above. Its user is `user`, else `DET_USER`,
 * else asked from the master with `whoAmI`; it is not validated up front (like `DET_USER_TOKEN`)
 * and never written to the cache. Passing both `token` and `password` is an error.
 */
export async function resolveSession(options: ResolveSessionOptions): Promise<ResolvedSession> {
  const env = options.env ?? process.env;
  if (options.token) return explicitTokenSession(options, env);

  const master = canonicalizeMasterUrl(options.master);
  const cache =
    options.cacheToken === false
      ? undefined
      : await TokenCache.open({ master, configDir: options.configDir });
  const candidate = pickCandidate(options, env, cache);

  const cached = cache?.getToken(candidate.user);
  if (cache !== undefined && cached !== undefined) {
    if (await options.validateToken(cached))
      return { username: candidate.user, token: cached, source: 'cache' };
    await cache.dropUser(candidate.user);
  }

  const envUser = env.DET_USER || undefined;
  const envToken = env.DET_USER_TOKEN || undefined;
  if (envUser !== undefined && envToken !== undefined && (!options.user || options.user === envUser)) {
    return { username: envUser, token: envToken, source: 'env-token' };
  }

  if (candidate.password === undefined) throw missingPassword(candidate.user);
  const token = await loginOrExplain(options, candidate, candidate.password);
  if (checkPasswordComplexity(candidate.password).length > 0) {
    options.logger.warn(
      'Your password does not appear to satisfy recommended complexity requirements:\n' +
        `${passwordComplexityReport(candidate.password)}\nPlease change your password as soon as possible.`,
      { user: candidate.user, master },
    );
  }
  await cache?.setToken(candidate.user, token);
  return { username: candidate.user, token, source: 'login' };
}

function pickCandidate(
  options: ResolveSessionOptions,
  env: EnvVars,
  cache: TokenCache | undefined,
): Candidate {
  if (options.user) return { user: options.user, password: options.password, wasFallback: false };
  const envUser = env.DET_USER || undefined;
  const envPass = env.DET_PASS;
  // An empty DET_PASS is a (blank) password; an empty DET_USER names nobody.
  if (envUser !== undefined && envPass !== undefined) {
    return { user: envUser, password: envPass, wasFallback: false };
  }
  const active = cache?.getActiveUser();
  if (active !== undefined) return { user: active, password: options.password, wasFallback: false };
  return { user: DEFAULT_USER, password: options.password || '', wasFallback: true };
}

/**
 * The user logout and similar CLI-style commands act on: `user`, else `DET_USER`+`DET_PASS`
 * (both set), else the cache's active user, else `determined`.
 */
export function defaultUser(options: { user?: string | undefined; env: EnvVars; cache: TokenCache }): string {
  if (options.user) return options.user;
  if (options.env.DET_USER && options.env.DET_PASS !== undefined) return options.env.DET_USER;
  return options.cache.getActiveUser() ?? DEFAULT_USER;
}

async function loginOrExplain(
  options: ResolveSessionOptions,
  candidate: Candidate,
  password: string,
): Promise<string> {
  try {
    return await options.login(candidate.user, saltAndHashPassword(password));
  } catch (error) {
    if (!(error instanceof PermissionDeniedError) || !candidate.wasFallback) throw error;
    throw new AuthenticationError({
      status: 401,
      method: 'POST',
      path: LOGIN_PATH,
      message:
        `Not logged in: the default user "${DEFAULT_USER}" was rejected (${error.serverMessage || '403'}). ` +
        'Pass { user, password } or { token }, set DET_USER and DET_PASS, or run `det user login <username>`.',
    });
  }
}

function missingPassword(user: string): AuthenticationError {
  return new AuthenticationError({
    status: 401,
    method: 'POST',
    path: LOGIN_PATH,
    message: `No password for user "${user}": pass { password } or set DET_PASS (no interactive prompt in this SDK)`,
  });
}

async function explicitTokenSession(options: ResolveSessionOptions, env: EnvVars): Promise<ResolvedSession> {
  const token = options.token ?? '';
  if (options.password !== undefined) {
    throw new InvalidArgumentError('Pass either token or password, not both.');
  }
  const known = options.user || env.DET_USER;
  if (known) return { username: known, token, source: 'explicit-token' };
  if (!options.whoAmI) {
    throw new InvalidArgumentError('A token without a user needs { user } (or DET_USER) to name its owner.');
  }
  return { username: await options.whoAmI(token), token, source: 'explicit-token' };
}
