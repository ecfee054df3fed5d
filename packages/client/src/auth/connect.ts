/**
 * From user options to a lazily-authenticating session: master URL resolution, TLS settings
 * (resolved once, on first use), credential resolution through the token cache, and the typed
 * low-level API client on the same connection.
 */
import type { Dispatcher } from 'undici';
import { type ApiClient, createApiClient } from '../core/api-client';
import { DeferredDispatcher } from '../core/deferred-dispatcher';
import { InvalidArgumentError } from '../core/errors';
import { createLogger, type Logger } from '../core/logger';
import { resolveMasterUrl } from '../core/master-url';
import type { RetryOptions } from '../core/retry';
import { type Credentials, createLazySession, type LazySession } from '../core/session';
import { Transport, type TransportOptions } from '../core/transport';
import type { ValidationMode } from '../core/validation';
import { warnDeprecated } from '../lib/deprecation';
import { resolveTlsSettings } from './cert-cache';
import { type EnvVars, resolveConfigDir } from './config-dir';
import { resolveSession } from './credentials';
import { login, validateToken, whoAmI } from './login';

/** Options of `new Determined()` and `client.login()`. */
export interface DeterminedOptions {
  /** Master URL; default `DET_MASTER`, else `DET_MASTER_ADDR`, else `localhost:8080`. */
  readonly master?: string | undefined;
  /** User to log in as; default `DET_USER` (with `DET_PASS`), else the CLI's active user, else `determined`. */
  readonly user?: string | undefined;
  /** Password of `user` (the default user `determined` is tried with the empty password). */
  readonly password?: string | undefined;
  /** A ready-made token (used as is, never cached); its user is `user`, `DET_USER`, or asked from the master. */
  readonly token?: string | undefined;
  /** PEM file of a CA to trust in addition to the public roots (Python's `cert_path`). */
  readonly certPath?: string | undefined;
  /** @deprecated Use `certPath` (the name that follows the Python SDK's `cert_path`). */
  readonly certFile?: string | undefined;
  /** Name to check the master's certificate against instead of the URL host. */
  readonly certName?: string | undefined;
  /** Disable certificate verification (only an explicit `true` counts). */
  readonly noverify?: boolean | undefined;
  /** Retry settings for every request (`false`: none; default 5 retries on 502/503/504 for idempotent methods). */
  readonly retry?: RetryOptions | undefined;
  /** Per-attempt timeout in ms; `null`/`0` disables it (default 5 minutes; the Python SDK has none). */
  readonly timeoutMs?: number | null | undefined;
  /** Response validation against the spec: `warn` (default), `strict` or `off`. */
  readonly validate?: ValidationMode | undefined;
  /** Receives the SDK's diagnostics (default: console, level from `DET_TS_LOG`, default `warn`). */
  readonly logger?: Logger | undefined;
  /** undici dispatcher to send through; when given, TLS options and proxy variables are not used. */
  readonly dispatcher?: Dispatcher | undefined;
  /**
   * `false`: log in without the `det` CLI's token cache: no cached token is read, the new one is
   * kept in memory only (servers, dashboards, tests). Default `true`, as the Python SDK.
   */
  readonly cacheToken?: boolean | undefined;
  /** Directory of `auth.json`/`certs.json` (default as the `det` CLI: `DET_DEBUG_CONFIG_PATH`, XDG, …). */
  readonly configDir?: string | undefined;
  /** Environment to read instead of `process.env`. */
  readonly env?: EnvVars | undefined;
}

/** A connection to one master, as {@link connect} builds it. */
export interface Connection {
  /** Canonical master URL. */
  readonly master: string;
  /** The lazily-authenticating session every facade object uses. */
  readonly session: LazySession;
  /** Typed low-level client on the same connection; each call logs in first if needed. */
  readonly api: ApiClient;
  readonly configDir: string;
  readonly env: EnvVars;
  readonly logger: Logger;
  /** Close the connections this object opened (not an injected `dispatcher`). */
  close(): Promise<void>;
}

/**
 * Build the session for `options` without any I/O: the master URL is resolved and canonicalized
 * now (an invalid one throws `InvalidArgumentError`); TLS settings and credentials are resolved
 * on the first request (or `session.login()`).
 */
export function connect(options: DeterminedOptions = {}): Connection {
  const env = options.env ?? process.env;
  const logger = createLogger({ logger: options.logger, env });
  const master = resolveMasterUrl(options.master, env);
  const configDir = options.configDir ?? resolveConfigDir({ env });
  const deferred = options.dispatcher
    ? undefined
    : new DeferredDispatcher(async () => {
        const tls = await resolveTlsSettings({
          ...tlsOptions(options, logger),
          master,
          env,
          configDir,
          logger,
        });
        // undici (under the TLS agent) loads here, on the first request, not with the SDK.
        const { createDispatcher } = await import('../core/tls');
        return createDispatcher({ ...tls, env });
      });
  const dispatcher = options.dispatcher ?? deferred;
  const transportOptions: Omit<TransportOptions, 'token'> = {
    master,
    dispatcher,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    validate: options.validate,
    logger,
  };
  const session = createLazySession(Transport, {
    transport: transportOptions,
    logger,
    authenticate: async (transport) => {
      await deferred?.ready();
      return authenticate(transport, { options, env, configDir, logger });
    },
  });
  let api: ApiClient | undefined;
  return {
    master,
    session,
    get api(): ApiClient {
      api ??= createApiClient({ session });
      return api;
    },
    configDir,
    env,
    logger,
    close: async () => {
      await deferred?.close();
    },
  };
}

function tlsOptions(
  options: DeterminedOptions,
  logger: Logger,
): {
  certPath: string | undefined;
  certName: string | undefined;
  noverify: boolean | undefined;
} {
  const { certPath, certFile } = options;
  if (certFile !== undefined) {
    if (certPath !== undefined && certPath !== certFile) {
      throw new InvalidArgumentError(
        'certPath and certFile name different files; give only certPath (certFile is its deprecated alias).',
      );
    }
    warnDeprecated('certFile', 'The certFile option is deprecated; use certPath instead.', logger);
  }
  return { certPath: certPath ?? certFile, certName: options.certName, noverify: options.noverify };
}

async function authenticate(
  transport: Transport,
  context: { options: DeterminedOptions; env: EnvVars; configDir: string; logger: Logger },
): Promise<Credentials> {
  const { options } = context;
  const resolved = await resolveSession({
    master: transport.master,
    user: options.user,
    password: options.password,
    token: options.token,
    env: context.env,
    configDir: context.configDir,
    cacheToken: options.cacheToken,
    logger: context.logger,
    validateToken: (token) => validateToken(transport, token),
    login: (user, hashedPassword) => login(transport, user, hashedPassword),
    whoAmI: (token) => whoAmI(transport, token),
  });
  context.logger.debug(`authenticated as ${resolved.username} (${resolved.source})`, {
    master: transport.master,
    user: resolved.username,
    source: resolved.source,
  });
  // A session that knows its password logs in again after a 401; a given or cached token alone cannot.
  const passwordKnown = options.password !== undefined || context.env.DET_PASS !== undefined;
  const renewable = resolved.source === 'login' || (resolved.source === 'cache' && passwordKnown);
  return { username: resolved.username, token: resolved.token, renewable };
}
