/**
 * Master URL resolution and canonicalization. The canonical form `scheme://host:port[/path]` keys
 * the token and certificate caches shared with the `det` CLI, so it reproduces Python's
 * `canonicalize_master_url` (built on `urllib.parse.urlparse`) rule for rule, with one deliberate
 * difference: an IPv6 literal keeps its brackets (`[::1]:8080` → `http://[::1]:8080`, Python
 * writes the unusable `http://::1:8080`) in the RFC 5952 form the WHATWG URL parser gives it, so
 * every spelling of one address is one cache key and the canonical URL can be requested.
 */
import { isIPv6 } from 'node:net';
import type { EnvVars } from '../auth/config-dir';
import { InvalidArgumentError } from './errors';

const DEFAULT_MASTER = 'localhost:8080';
const ACCEPTED_FORM =
  'expected [http:// or https://]host[:port][/path], e.g. "localhost:8080" or "https://det.example.com"';

/** Python raises `ValueError` for these; callers turn them into an `InvalidArgumentError`. */
class UrlSyntaxError extends Error {}

interface SplitUrl {
  readonly scheme: string;
  readonly defaultPort: number;
  readonly netloc: string;
  readonly path: string;
  readonly query: string;
  readonly fragment: string;
}

/**
 * The master URL to use, canonicalized: `explicit` (when non-empty) > `DET_MASTER` >
 * `DET_MASTER_ADDR` > `localhost:8080`. Empty environment variables count as unset.
 * @throws InvalidArgumentError when the chosen URL is not a valid master URL.
 */
export function resolveMasterUrl(explicit?: string, env: EnvVars = process.env): string {
  const raw = explicit || env.DET_MASTER || env.DET_MASTER_ADDR || DEFAULT_MASTER;
  return canonicalizeMasterUrl(raw);
}

/**
 * Canonical form of a user-supplied master URL: scheme defaulting to `http://` (the `http://` /
 * `https://` prefix test is case-sensitive), lower-cased host, explicit port (80, 443, or 8080 when
 * no scheme was given), path kept without trailing slashes.
 * @throws InvalidArgumentError for an empty host, user info, query, fragment or invalid port.
 */
export function canonicalizeMasterUrl(raw: string): string {
  try {
    const url = splitUrl(raw);
    const host = hostInfo(url.netloc).hostname;
    if (isBareIPv6(url.netloc)) {
      throw new UrlSyntaxError(
        'an IPv6 address must be written in brackets, e.g. "[::1]:8080" or "http://[::1]"',
      );
    }
    if (!host) throw new UrlSyntaxError('it must contain a nonempty hostname');
    if (hasUserInfo(url.netloc)) throw new UrlSyntaxError('it must not contain a username or password');
    if (url.query) throw new UrlSyntaxError('it must not contain a query string');
    if (url.fragment) throw new UrlSyntaxError('it must not contain a fragment');
    return joinCanonical(url, host);
  } catch (error) {
    if (!(error instanceof UrlSyntaxError)) throw error;
    throw new InvalidArgumentError(`Invalid master URL "${raw}": ${error.message}; ${ACCEPTED_FORM}.`);
  }
}

/**
 * The lenient pre-canonicalization used when migrating old (version 1) token caches: user info,
 * query and fragment are dropped instead of rejected. The result still has to pass
 * {@link canonicalizeMasterUrl}; it throws `InvalidArgumentError` for URLs it cannot parse at all.
 */
export function precanonicalizeLegacyMasterUrl(raw: string): string {
  try {
    const url = splitUrl(raw);
    // Python formats a missing host as "None"; an empty host makes canonicalization reject the key.
    return joinCanonical(url, hostInfo(url.netloc).hostname ?? '');
  } catch (error) {
    if (!(error instanceof UrlSyntaxError)) throw error;
    throw new InvalidArgumentError(`Invalid master URL "${raw}": ${error.message}; ${ACCEPTED_FORM}.`);
  }
}

function joinCanonical(url: SplitUrl, host: string): string {
  const port = parsePort(hostInfo(url.netloc).port) || url.defaultPort;
  return `${url.scheme}://${host}:${port}${url.path}`.replace(/\/+$/, '');
}

/** `urllib.parse.urlparse` for the two schemes the canonicalizer can produce. */
function splitUrl(raw: string): SplitUrl {
  let scheme = 'http';
  let defaultPort = 8080;
  let rest: string;
  if (raw.startsWith('https://')) [scheme, defaultPort, rest] = ['https', 443, raw.slice(8)];
  else if (raw.startsWith('http://')) [defaultPort, rest] = [80, raw.slice(7)];
  else rest = raw;
  rest = rest.replace(/[\t\r\n]/g, '');

  const netlocEnd = rest.search(/[/?#]/);
  const netloc = netlocEnd < 0 ? rest : rest.slice(0, netlocEnd);
  rest = netlocEnd < 0 ? '' : rest.slice(netlocEnd);
  checkNetloc(netloc);

  const [beforeFragment, fragment] = splitOnce(rest, '#');
  const [pathPart, query] = splitOnce(beforeFragment, '?');
  return { scheme, defaultPort, netloc, path: stripParams(pathPart), query, fragment };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

// urlparse moves `;params` of the last path segment out of the path; urlunparse then drops them.
function stripParams(urlPath: string): string {
  const semicolon = urlPath.indexOf(';', Math.max(urlPath.lastIndexOf('/'), 0));
  return semicolon < 0 ? urlPath : urlPath.slice(0, semicolon);
}

function checkNetloc(netloc: string): void {
  if (netloc.includes('[') !== netloc.includes(']'))
    throw new UrlSyntaxError('it has an invalid IPv6 address');
  // Python's urlsplit checks the text after the first '[' up to the next ']' (or the end).
  if (netloc.includes('[')) {
    const bracketed = netloc.slice(netloc.indexOf('[') + 1).split(']')[0] ?? '';
    if (!isIPv6(bracketed.split('%')[0] ?? '')) throw new UrlSyntaxError('it has an invalid IPv6 address');
    // Python accepts `[fe80::1%eth0]`, but neither Node's URL parser nor undici can address it.
    if (bracketed.includes('%')) {
      throw new UrlSyntaxError(
        `its IPv6 zone identifier "${bracketed.slice(bracketed.indexOf('%'))}" is not supported; use the address without it or a hostname`,
      );
    }
  }
  // Python rejects hosts whose NFKC normalization introduces URL delimiters (e.g. "℀" → "a/c").
  if (isAscii(netloc)) return;
  const stripped = netloc.replace(/[@:#?]/g, '');
  const normalized = stripped.normalize('NFKC');
  if (normalized !== stripped && /[/?#@:]/.test(normalized)) {
    throw new UrlSyntaxError('its host contains characters that are invalid under NFKC normalization');
  }
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function hasUserInfo(netloc: string): boolean {
  const at = netloc.lastIndexOf('@');
  if (at < 0) return false;
  const [username, password] = splitOnce(netloc.slice(0, at), ':');
  return username !== '' || password !== '';
}

function hostInfo(netloc: string): { hostname: string | undefined; port: string } {
  const hostPart = netloc.slice(netloc.lastIndexOf('@') + 1);
  let hostname: string;
  let port: string;
  const open = hostPart.indexOf('[');
  if (open >= 0) {
    [hostname, port] = splitOnce(hostPart.slice(open + 1), ']');
    port = splitOnce(port, ':')[1];
    return { hostname: hostname ? bracketedIPv6(hostname) : undefined, port };
  }
  [hostname, port] = splitOnce(hostPart, ':');
  return { hostname: hostname ? hostname.toLowerCase() : undefined, port };
}

/** `[address]` in the form the WHATWG URL parser gives it (lower case, zeros compressed). */
function bracketedIPv6(address: string): string {
  try {
    return new URL(`http://[${address}]`).hostname;
  } catch {
    throw new UrlSyntaxError('it has an invalid IPv6 address');
  }
}

/** An IPv6 address without brackets, alone or followed by `:port` (`::1`, `fe80::1:8080`). */
function isBareIPv6(netloc: string): boolean {
  const hostPart = netloc.slice(netloc.lastIndexOf('@') + 1);
  return isIPv6(hostPart) || isIPv6(hostPart.slice(0, Math.max(hostPart.lastIndexOf(':'), 0)));
}

/** Port number, or 0 for none (Python's `parsed.port or default` also treats port 0 as absent). */
function parsePort(port: string): number {
  if (port === '') return 0;
  if (!/^[0-9]+$/.test(port)) throw new UrlSyntaxError(`its port "${port}" is not a number`);
  const value = Number.parseInt(port, 10);
  if (value > 65535) throw new UrlSyntaxError(`its port ${port} is out of range 0-65535`);
  return value;
}
