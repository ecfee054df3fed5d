import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Echoes a well-formed client `x-request-id`, else makes a new one. */
export function requestIdFor(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Splits a request target (`/path?query`) into its path and query string. */
export function splitTarget(url: string): { pathname: string; search: string } {
  const hash = url.indexOf('#');
  const target = hash >= 0 ? url.slice(0, hash) : url;
  const question = target.indexOf('?');
  return question >= 0
    ? { pathname: target.slice(0, question), search: target.slice(question + 1) }
    : { pathname: target, search: '' };
}
