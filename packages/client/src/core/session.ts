import type { OperationId } from '@determined-ts/bindings';
import { AuthenticationError } from './errors';
import type { Logger } from './logger';
import { type MasterInfo, MasterVersionGuard } from './master-version';
import type {
  DownloadOperationId,
  JsonOperationId,
  OperationArgs,
  OperationResult,
  StreamItem,
  StreamingOperationId,
} from './operation-types';
import type { RawResponse, RequestOptions, Transport } from './transport';
import {
  type CallArgs,
  callOperation,
  downloadOperation,
  type OperationCallOptions,
  type OperationStreamOptions,
  streamOperation,
} from './typed-call';

/**
 * What every facade object talks to the master through: an authenticated view of a `Transport`.
 * Logging in happens lazily, on the first call that needs it.
 */
export interface Session {
  /** Canonical master URL. */
  readonly master: string;
  /** Where the session and the objects built on it send diagnostics. */
  readonly logger: Logger;
  /** The underlying transport (unauthenticated until the session has logged in). */
  readonly transport: Transport;
  /** Log in if needed and return the session's username. */
  username(): Promise<string>;
  /** Log in if needed, then send JSON operation `id` of the spec (typed by the bindings). */
  call<Id extends JsonOperationId>(id: Id, ...args: CallArgs<Id>): Promise<OperationResult<Id>>;
  /** Lazily stream NDJSON operation `id`, yielding each line's `result`; logs in on first iteration. */
  stream<Id extends StreamingOperationId>(
    id: Id,
    ...args: OperationArgs<Id, OperationStreamOptions>
  ): AsyncIterable<StreamItem<Id>>;
  /** Log in if needed, then send download operation `id`; the caller reads the body. */
  download<Id extends DownloadOperationId>(
    id: Id,
    ...args: OperationArgs<Id, OperationCallOptions>
  ): Promise<RawResponse>;
  /**
   * Log in if needed, then send a request to a route the spec does not describe (the enterprise
   * edition's `/oauth2/clients`); the answer is unknown JSON for the caller to check.
   */
  requestOffSpec(method: string, path: string, options?: RequestOptions): Promise<unknown>;
  /**
   * Rejects with `UnsupportedOperationError` when the connected master's version is older than
   * the first version that has operation `id` (reads the master's version once when needed).
   */
  ensureAvailable(id: OperationId): Promise<void>;
  /**
   * `ensureAvailable(id)`, then log in if needed: what must hold before operation `id` is sent,
   * for a caller that must tell those failures from the request's own.
   */
  ready(id: OperationId): Promise<void>;
}

/** The credentials a session ends up with. */
export interface Credentials {
  /** The user the session acts as. */
  readonly username: string;
  /** Bearer token sent as `Authorization: Bearer <token>`. */
  readonly token: string;
  /**
   * The session can log in again by itself (it knows the password): a 401 answer then causes one
   * new login and one repeat of the call. Sessions on a given or cached token only do not.
   */
  readonly renewable?: boolean | undefined;
}

/** Options of {@link LazySession}. */
export interface LazySessionOptions {
  readonly transport: Transport;
  readonly logger: Logger;
  /** Resolves the credentials; called once, on first use (again only after a failure). */
  readonly authenticate: () => Promise<Credentials>;
}

/**
 * A session that authenticates on first use. Concurrent first calls share one login; a failed
 * login is not cached, so the next call tries again.
 */
export class LazySession implements Session {
  /** Canonical master URL (the transport's). */
  readonly master: string;
  /** Where the session and the objects built on it send diagnostics. */
  readonly logger: Logger;
  /** The underlying transport, whose bearer token is this session's. */
  readonly transport: Transport;
  readonly #authenticate: () => Promise<Credentials>;
  #credentials: Promise<Credentials> | undefined;
  #current: Credentials | undefined;
  #token: string | undefined;
  readonly #versions: MasterVersionGuard;

  constructor(options: LazySessionOptions) {
    this.transport = options.transport;
    this.master = options.transport.master;
    this.logger = options.logger;
    this.#authenticate = options.authenticate;
    this.#versions = new MasterVersionGuard(() =>
      this.#withRenewal(() => callOperation(this.transport, 'GetMaster', undefined)),
    );
  }

  ensureAvailable(id: OperationId): Promise<void> {
    return this.#versions.check(id);
  }

  /** Make `id` ready to send: the master's version checked for it, and the session logged in. */
  async ready(id: OperationId): Promise<void> {
    await this.ensureAvailable(id);
    await this.login();
  }

  /** The connected master's info (`GET /api/v1/master`: version, ids, cluster name), read once. */
  masterInfo(): Promise<MasterInfo> {
    return this.#versions.info();
  }

  /** The bearer token once logged in (for the transport's token provider). */
  currentToken(): string | undefined {
    return this.#token;
  }

  /** Log in now (idempotent). */
  async login(): Promise<Credentials> {
    if (!this.#credentials) {
      const pending = this.#authenticate().then((credentials) => {
        this.#token = credentials.token;
        this.#current = credentials;
        return credentials;
      });
      pending.catch(() => {
        if (this.#credentials === pending) this.#credentials = undefined;
      });
      this.#credentials = pending;
    }
    return this.#credentials;
  }

  async username(): Promise<string> {
    return (await this.login()).username;
  }

  async call<Id extends JsonOperationId>(
    id: Id,
    ...[params, options]: CallArgs<Id>
  ): Promise<OperationResult<Id>> {
    await this.ensureAvailable(id);
    return this.#withRenewal(() => callOperation(this.transport, id, params, options));
  }

  async *stream<Id extends StreamingOperationId>(
    id: Id,
    ...[params, options]: OperationArgs<Id, OperationStreamOptions>
  ): AsyncIterable<StreamItem<Id>> {
    await this.ensureAvailable(id);
    const credentials = await this.login();
    let started = false;
    try {
      for await (const item of streamOperation(this.transport, id, params, options)) {
        started = true;
        yield item;
      }
    } catch (error) {
      // Only a stream refused before its first item is opened again; a started one is not repeated.
      if (started || !(await this.#renewAfter(error, credentials))) throw error;
      yield* streamOperation(this.transport, id, params, options);
    }
  }

  async download<Id extends DownloadOperationId>(
    id: Id,
    ...[params, options]: OperationArgs<Id, OperationCallOptions>
  ): Promise<RawResponse> {
    await this.ensureAvailable(id);
    return this.#withRenewal(() => downloadOperation(this.transport, id, params, options));
  }

  async requestOffSpec(method: string, path: string, options?: RequestOptions): Promise<unknown> {
    return this.#withRenewal(() => this.transport.request<unknown>(method, path, options));
  }

  /** Send once; after a 401 of a renewable session, log in once more and send once more. */
  async #withRenewal<T>(send: () => Promise<T>): Promise<T> {
    const credentials = await this.login();
    try {
      return await send();
    } catch (error) {
      if (!(await this.#renewAfter(error, credentials))) throw error;
      return send();
    }
  }

  /**
   * After `error` of a call made with `stale`: true once a new login succeeded (401 of a
   * renewable session). Concurrent calls that fail with the same token share that one login.
   */
  async #renewAfter(error: unknown, stale: Credentials): Promise<boolean> {
    if (!(error instanceof AuthenticationError) || stale.renewable !== true) return false;
    if (this.#current === stale) {
      this.logger.info('the master refused the session token (revoked or expired); logging in again', {
        master: this.master,
        user: stale.username,
      });
      this.#credentials = undefined;
      this.#current = undefined;
      this.#token = undefined;
    }
    await this.login();
    return true;
  }

  /** What `JSON.stringify` shows: the master URL only, never credentials. */
  toJSON(): {
    /** Canonical master URL. */
    master: string;
  } {
    return { master: this.master };
  }
}

/** Options of {@link createLazySession}: transport options minus the token provider. */
export interface CreateLazySessionOptions {
  readonly transport: Omit<ConstructorParameters<typeof Transport>[0], 'token'>;
  readonly logger: Logger;
  readonly authenticate: (transport: Transport) => Promise<Credentials>;
}

/** Build a transport whose bearer token comes from a new lazily-authenticating session. */
export function createLazySession(
  TransportClass: typeof Transport,
  options: CreateLazySessionOptions,
): LazySession {
  const holder: { session?: LazySession } = {};
  const transport = new TransportClass({ ...options.transport, token: () => holder.session?.currentToken() });
  const session = new LazySession({
    transport,
    logger: options.logger,
    authenticate: () => options.authenticate(transport),
  });
  holder.session = session;
  return session;
}
