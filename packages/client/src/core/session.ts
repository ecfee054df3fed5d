import type { Logger } from './logger';
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
  readonly logger: Logger;
  /** The underlying transport (unauthenticated until the session has logged in). */
  readonly transport: Transport;
  /** Log in if needed and return the session's username. */
  username(): Promise<string>;
  /** Log in if needed, then send JSON operation `id` of the spec (typed by the bindings). */
  call<Id extends JsonOperationId>(
    id: Id,
    ...args: OperationArgs<Id, OperationCallOptions>
  ): Promise<OperationResult<Id>>;
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
}

/** The credentials a session ends up with. */
export interface Credentials {
  readonly username: string;
  readonly token: string;
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
  readonly master: string;
  readonly logger: Logger;
  readonly transport: Transport;
  readonly #authenticate: () => Promise<Credentials>;
  #credentials: Promise<Credentials> | undefined;
  #token: string | undefined;

  constructor(options: LazySessionOptions) {
    this.transport = options.transport;
    this.master = options.transport.master;
    this.logger = options.logger;
    this.#authenticate = options.authenticate;
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
    ...[params, options]: OperationArgs<Id, OperationCallOptions>
  ): Promise<OperationResult<Id>> {
    await this.login();
    return callOperation(this.transport, id, params, options);
  }

  async *stream<Id extends StreamingOperationId>(
    id: Id,
    ...[params, options]: OperationArgs<Id, OperationStreamOptions>
  ): AsyncIterable<StreamItem<Id>> {
    await this.login();
    yield* streamOperation(this.transport, id, params, options);
  }

  async download<Id extends DownloadOperationId>(
    id: Id,
    ...[params, options]: OperationArgs<Id, OperationCallOptions>
  ): Promise<RawResponse> {
    await this.login();
    return downloadOperation(this.transport, id, params, options);
  }

  async requestOffSpec(method: string, path: string, options?: RequestOptions): Promise<unknown> {
    await this.login();
    return this.transport.request<unknown>(method, path, options);
  }

  toJSON(): { master: string } {
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
