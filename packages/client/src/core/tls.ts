import tls from 'node:tls';
import type { Dispatcher } from 'undici';
import { InvalidArgumentError } from './errors';
import { Agent, EnvHttpProxyAgent } from './transport-undici';

/** How the master's TLS certificate is verified (section 1.10 of the behaviour contract). */
export interface TlsOptions {
  /** PEM certificate(s) trusted *in addition to* Node's default public roots. */
  readonly ca?: string | undefined;
  /** Disable certificate verification entirely. */
  readonly noverify?: boolean | undefined;
  /** Check the server certificate against this name instead of the URL host (SNI is unchanged). */
  readonly servername?: string | undefined;
}

/** Options of {@link createDispatcher}. */
export interface CreateDispatcherOptions extends TlsOptions {
  /** Environment holding the proxy variables (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Honour `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` (default true). */
  readonly useEnvProxy?: boolean | undefined;
  /** TCP/TLS connect timeout (default undici's 10 s). */
  readonly connectTimeoutMs?: number | undefined;
}

/**
 * Most sockets open at once to the master (per origin): more concurrent calls queue and reuse the
 * kept-alive ones instead of opening a socket each. Long-lived streams (`iterLogs({ follow })`)
 * hold one each, so the limit leaves room for many of them.
 */
export const MAX_CONNECTIONS_PER_ORIGIN = 64;

/** Proxy settings read from the environment; empty strings mean "none". */
export interface ProxyEnv {
  readonly httpProxy: string;
  readonly httpsProxy: string;
  readonly noProxy: string;
}

/** The TLS connect options the dispatcher is built with. */
export interface TlsConnectOptions {
  rejectUnauthorized: boolean;
  ca?: string[];
  checkServerIdentity?: typeof tls.checkServerIdentity;
}

/** Node TLS connect options for the given verification settings. */
export function tlsConnectOptions(options: TlsOptions): TlsConnectOptions {
  const { ca, noverify, servername } = options;
  if (ca !== undefined && noverify) {
    throw new InvalidArgumentError('a CA certificate and noverify cannot be used together');
  }
  if (ca !== undefined && !ca.includes('-----BEGIN CERTIFICATE-----')) {
    throw new InvalidArgumentError(
      'the master CA certificate is not PEM text (no "-----BEGIN CERTIFICATE-----")',
    );
  }
  const connect: TlsConnectOptions = { rejectUnauthorized: !noverify };
  if (ca !== undefined) connect.ca = [...tls.rootCertificates, ca];
  if (servername) {
    connect.checkServerIdentity = (_host, cert) => tls.checkServerIdentity(servername, cert);
  }
  return connect;
}

/** Proxy variables, lower-case names winning like curl and Python `requests`. */
export function proxyEnv(env: Readonly<Record<string, string | undefined>> = process.env): ProxyEnv {
  const pick = (name: string): string => env[name.toLowerCase()] || env[name.toUpperCase()] || '';
  return { httpProxy: pick('http_proxy'), httpsProxy: pick('https_proxy'), noProxy: pick('no_proxy') };
}

/**
 * The undici dispatcher the transport sends requests through: an `Agent` with the TLS settings,
 * or, when a proxy variable is set, an `EnvHttpProxyAgent` applying the same TLS settings to the
 * master connection (tunnelled through the proxy unless `NO_PROXY` matches the host).
 */
export function createDispatcher(options: CreateDispatcherOptions = {}): Dispatcher {
  const connect = tlsConnectOptions(options);
  const base = {
    connections: MAX_CONNECTIONS_PER_ORIGIN,
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeout: options.connectTimeoutMs }),
  };
  if (options.useEnvProxy !== false) {
    const proxies = proxyEnv(options.env);
    if (proxies.httpProxy || proxies.httpsProxy) {
      return new EnvHttpProxyAgent({ ...base, ...proxies, connect, requestTls: connect });
    }
  }
  return new Agent({ ...base, connect });
}
