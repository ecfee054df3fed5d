/** Logout as the Python SDK does it: forget the cached token, then revoke it on the master. */

import { APIError, PermissionDeniedError } from '../core/errors';
import type { EnvVars } from './config-dir';
import { defaultUser } from './credentials';
import { TokenCache } from './token-cache';

/** Inputs of {@link logout}. */
export interface LogoutOptions {
  /** Master URL (canonicalized; the token cache key). */
  readonly master: string;
  /** Config directory holding `auth.json`. */
  readonly configDir: string;
  /**
   * User to log out (the SDK passes the session's username); when absent, `DET_USER`+`DET_PASS`,
   * else the cache's active user, else `determined`, like `det user logout`.
   */
  readonly user?: string | undefined;
  /** Environment (default `process.env`). */
  readonly env?: EnvVars | undefined;
  /** `POST /api/v1/auth/logout` with `Authorization: Bearer <token>`. */
  postLogout(token: string): Promise<void>;
}

/**
 * Log the user out when a token is cached for it: drop the token from `auth.json` (the active
 * user is kept), then call `postLogout` with it. Without a cached token (e.g. a session built from
 * `DET_USER_TOKEN`) nothing happens. API errors from the master (401, 404, other non-success
 * statuses, as Python's `APIException`) are ignored, since the token may already be expired; a 403
 * and transport errors propagate.
 * @returns The user whose token was dropped, or `undefined` when nothing was cached.
 */
export async function logout(options: LogoutOptions): Promise<string | undefined> {
  const cache = await TokenCache.open({ master: options.master, configDir: options.configDir });
  const user = defaultUser({ user: options.user, env: options.env ?? process.env, cache });
  const token = cache.getToken(user);
  if (token === undefined) return undefined;
  await cache.dropUser(user);
  try {
    await options.postLogout(token);
  } catch (error) {
    // Python's ForbiddenException is not an APIException, so a 403 is not swallowed.
    if (!(error instanceof APIError) || error instanceof PermissionDeniedError) throw error;
  }
  return user;
}
