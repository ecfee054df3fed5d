import type { IncomingHttpHeaders } from 'node:http';

/** The session token of a request: `Authorization: Bearer <token>`, else the web UI's `auth` cookie. */
export function requestToken(headers: IncomingHttpHeaders): string | null {
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match?.[1] ?? null;
  }
  for (const part of (headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === 'auth' && value.length > 0) return value.join('=');
  }
  return null;
}
