/**
 * The master calls of authentication, typed by the bindings and sent without the session's token:
 * checking a token, logging in with a hashed password, and asking whose a token is.
 */
import { APIError, PermissionDeniedError } from '../core/errors';
import { warnOnce } from '../core/logger';
import { callOptions, type MethodOptions } from '../core/method-options';
import type { Transport } from '../core/transport';
import { callOperation } from '../core/typed-call';

/** Statuses Python gets as "retries exhausted" (not an `APIException`), so they are not "invalid token". */
const EXHAUSTED_STATUSES = new Set([502, 503, 504]);

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/**
 * `GET /api/v1/me` with `token`: true iff the master answers 200. Like Python, a 401 or other
 * API error means "invalid", while a 403, exhausted retries (502/503/504) and transport errors
 * propagate.
 */
export async function validateToken(transport: Transport, token: string): Promise<boolean> {
  try {
    await callOperation(transport, 'GetMe', {}, { auth: false, headers: bearer(token), validate: 'off' });
    return true;
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    if (error instanceof PermissionDeniedError || EXHAUSTED_STATUSES.has(error.status)) throw error;
    return false;
  }
}

/** True for `localhost`, `127.0.0.0/8` and `::1`: traffic that never leaves the machine. */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
  );
}

/**
 * Warn once per master when a password is about to cross the network unencrypted: the hash the
 * master accepts is as good as the password to anyone who reads it.
 */
function warnPlainHttpLogin(transport: Transport): void {
  const url = new URL(transport.master);
  if (url.protocol !== 'http:' || isLoopback(url.hostname)) return;
  warnOnce(
    transport.logger,
    `plain-http-login:${transport.master}`,
    `logging in to ${transport.master} with a password over plain http: anyone on the network path can ` +
      'read it and log in as this user; use an https:// master URL',
  );
}

/** `POST /api/v1/auth/login`: unauthenticated and never retried; resolves to the token. */
export async function login(transport: Transport, username: string, hashedPassword: string): Promise<string> {
  warnPlainHttpLogin(transport);
  const response = await callOperation(
    transport,
    'Login',
    { body: { username, password: hashedPassword, isHashed: true } },
    { auth: false, retry: false },
  );
  return response.token;
}

/** `GET /api/v1/me` with `token`: the username it belongs to. */
export async function whoAmI(transport: Transport, token: string): Promise<string> {
  const response = await callOperation(transport, 'GetMe', {}, { auth: false, headers: bearer(token) });
  return response.user.username;
}

/** `POST /api/v1/auth/logout` with `token` (not the session's): revokes that token. */
export async function revokeToken(
  transport: Transport,
  token: string,
  options: MethodOptions,
): Promise<void> {
  await callOperation(
    transport,
    'Logout',
    {},
    { ...callOptions(options), auth: false, headers: bearer(token) },
  );
}
