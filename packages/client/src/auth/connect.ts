/**
 * From user options to a lazily-authenticating session: master URL resolution, TLS settings
 * (resolved once, on first use), credential resolution through the token cache, and the typed
 * low-level API client on the same connection.
 */
import type { components } from '@determined-ts/bindings';
import type { Dispatcher } from 'undici';
import { type ApiClient, createApiClient } from './core/api-client';
import { resolveTlsSettings } from './core/cert-cache';
import { type EnvVars, resolveConfigDir } from './core/config-dir';
import { resolveSession } from './core/credentials';
import { APIError, PermissionDeniedError } from './core/errors';
import { createLogger, type Logger } from './core/logger';
import { resolveMasterUrl } from './core/master-url';
import type { RetryOptions } from './core/retry';
import { createDispatcher } from './core/tls';
import {
  type RawResponse,
  type RequestOptions,
  type SendOptions,
  type StreamOptions,
  type TextResponse,
  Transport,
  type TransportOptions,
} from './core/transport';
import type { ValidationMode } from './core/validation';
import { DeferredDispatcher } from './deferred-dispatcher';
import { type Credentials, createLazySession, type LazySession } from './session';

/** Options of `new Determined()`, `client.login()` and {@link connect}. */
export interface DeterminedOptions {
  /** Master URL; default `DET_MASTER`, else `DET_MASTER_ADDR`, else `localhost:8080`. */
  readonly master?: string | undefined;
  /** User to log in as; default `DET_USER` (with `DET_PASS`), else the CLI's active user, else `determined`. */
  readonly user?: string | undefined;
  /** Password of `user` (the default user `determined` is tried with the empty password). */
  readonly password?: string | undefined;
  /** A ready-made token (used as is, never cached); its user is `user`, `DET_USER`, or asked from the master. */
  readonly token?: string | undefined;
  /** PEM file of a CA to trust in addition to the public roots. */
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

type LoginResponse = components['schemas']['v1LoginResponse'];
type GetMeResponse = components['schemas']['v1GetMeResponse'];

const LOGIN_PATH = '/api/v1/auth/login';
const ME_PATH = '/api/v1/me';
/** Statuses Python gets as "retries exhausted" (not an `APIException`), so they are not "invalid token". */
const EXHAUSTED_STATUSES = new Set([502, 503, 504]);

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
        const tls = await resolveTlsSettings({ ...tlsOptions(options), master, env, configDir, logger });
        return createDispatcher({ ...tls, env });
      });
  const dispatcher: Dispatcher | undefined = options.dispatcher ?? deferred;
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
  const apiTransport = new LoginFirstTransport(
    { ...transportOptions, token: () => session.currentToken() },
    () => session.login(),
  );
  return {
    master,
    session,
    api: createApiClient({ transport: apiTransport }),
    configDir,
    env,
    logger,
    close: async () => {
      await deferred?.close();
    },
  };
}

function tlsOptions(options: DeterminedOptions): {
  certFile: string | undefined;
  certName: string | undefined;
  noverify: boolean | undefined;
} {
  return { certFile: options.certFile, certName: options.certName, noverify: options.noverify };
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
  return { username: resolved.username, token: resolved.token };
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/**
 * `GET /api/v1/me` with `token`: true iff the master answers 200. Like Python, a 401 or other
 * API error means "invalid", while a 403, exhausted retries (502/503/504) and transport errors
 * propagate.
 */
async function validateToken(transport: Transport, token: string): Promise<boolean> {
  try {
    const answer = await transport.send('GET', ME_PATH, { auth: false, headers: bearer(token) });
    return answer.status === 200;
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    if (error instanceof PermissionDeniedError || EXHAUSTED_STATUSES.has(error.status)) throw error;
    return false;
  }
}

/** `POST /api/v1/auth/login`: unauthenticated and never retried. */
async function login(transport: Transport, username: string, hashedPassword: string): Promise<string> {
  const response = await transport.request<LoginResponse>('POST', LOGIN_PATH, {
    auth: false,
    retry: false,
    body: { username, password: hashedPassword, isHashed: true },
    schema: 'v1LoginResponse',
  });
  return response.token;
}

async function whoAmI(transport: Transport, token: string): Promise<string> {
  const response = await transport.request<GetMeResponse>('GET', ME_PATH, {
    auth: false,
    headers: bearer(token),
    schema: 'v1GetMeResponse',
  });
  return response.user.username;
}

/** A transport that logs the session in before each request (backs `Determined.api`). */
class LoginFirstTransport extends Transport {
  readonly #login: () => Promise<unknown>;

  constructor(options: TransportOptions, loginFirst: () => Promise<unknown>) {
    super(options);
    this.#login = loginFirst;
  }

  override async request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<T> {
    await this.#login();
    return super.request<T>(method, path, options);
  }

  override async send(method: string, path: string, options?: SendOptions): Promise<TextResponse> {
    await this.#login();
    return super.send(method, path, options);
  }

  override async raw(method: string, path: string, options?: RequestOptions): Promise<RawResponse> {
    await this.#login();
    return super.raw(method, path, options);
  }

  override async *stream<T = unknown>(path: string, options?: StreamOptions): AsyncGenerator<T> {
    await this.#login();
    yield* super.stream<T>(path, options);
  }
}
