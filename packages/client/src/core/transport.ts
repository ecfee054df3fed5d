import { inspect } from 'node:util';
import type { core } from 'zod';
import { DeterminedError, InvalidArgumentError } from './errors';
import { createLogger, type Logger } from './logger';
import { abortErrorFrom, type RetryOptions, resolveRetryPolicy, sleep } from './retry';
import { guardDownload, openStream } from './stream';
import {
  type Answer,
  type AttemptDefaults,
  type Kind,
  prepareAttempt,
  sendAttempt,
} from './transport-attempt';
import { requestBody } from './transport-body';
import { TransportLoaders } from './transport-loaders';
import { finishAttempt, logAttempt, retryDelay } from './transport-outcome';
import {
  checkTimeout,
  DEFAULT_TIMEOUT_MS,
  type RawResponse,
  type RequestOptions,
  type SendOptions,
  type StreamOptions,
  type TextResponse,
  type TransportOptions,
} from './transport-support';
import { USER_AGENT } from './user-agent';
import { ResponseValidator, type ValidationMode } from './validation';

export {
  type CallOptions,
  DEFAULT_TIMEOUT_MS,
  type DispatchTarget,
  headerValue,
  parseErrorBody,
  type RawResponse,
  type RequestOptions,
  type SendOptions,
  type StreamOptions,
  type TextResponse,
  type TransportOptions,
} from './transport-support';

/**
 * The HTTP session every SDK call goes through: auth header, query/body encoding, retries with
 * backoff, timeouts, cancellation, error mapping to the SDK's typed errors, response validation
 * and debug logging. The token never appears in errors, logs or `inspect` output.
 *
 * Deliberate differences from the Python SDK (section 1.12/1.13 of the contract):
 * - when retries on a status run out, the error is the `APIError` subclass of the last status
 *   (e.g. `InternalServerError` for 504), not Python's `BadRequestException`;
 * - TLS certificate failures are not retried and surface as `ConnectionError` (Python re-raises
 *   the raw SSL error after urllib3's retries);
 * - each attempt has a timeout (default 5 minutes; Python has none); a timed-out attempt counts as
 *   a read error (retried for idempotent methods only) and ends in `TimeoutError`;
 * - a `Retry-After` hint is capped at `backoffMaxMs` (120 s by default).
 * Login should be sent with `{ auth: false, retry: false }`.
 */
export class Transport {
  /** Canonical master URL. */
  readonly master: string;
  /** Receives request logs and validation warnings. */
  readonly logger: Logger;
  readonly #origin: string;
  readonly #defaults: AttemptDefaults;
  readonly #loaders: TransportLoaders;
  readonly #retry: RetryOptions | undefined;
  readonly #timeoutMs: number | null;
  readonly #validator: ResponseValidator;
  #schemasMissingReported = false;

  constructor(options: TransportOptions) {
    let url: URL;
    try {
      url = new URL(options.master);
    } catch (cause) {
      throw new InvalidArgumentError(`invalid master URL: ${options.master}`, { cause });
    }
    this.master = options.master.replace(/\/+$/, '');
    this.#origin = url.origin;
    resolveRetryPolicy(options.retry);
    this.#retry = options.retry;
    const timeout = checkTimeout(options.timeoutMs, 'timeoutMs');
    this.#timeoutMs = timeout === undefined ? DEFAULT_TIMEOUT_MS : timeout;
    this.logger = createLogger({ logger: options.logger });
    this.#validator = new ResponseValidator({ mode: options.validate, logger: this.logger });
    this.#defaults = {
      basePath: url.pathname.replace(/\/+$/, ''),
      headers: { 'user-agent': USER_AGENT, ...options.headers },
      token: options.token,
      timeoutMs: this.#timeoutMs,
    };
    // undici, the TLS agent and the schemas (with zod) load on the first request, not with the SDK.
    this.#loaders = new TransportLoaders({
      dispatcher: options.dispatcher,
      tls: options.tls ?? {},
      schemas: options.schemas,
      logger: this.logger,
    });
  }

  /** Send a JSON request; resolve to the parsed (and, with `schema`, validated) response body. */
  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const answer = await this.#call('text', method, path, { ...options, body: requestBody(options.body) });
    const upper = method.toUpperCase();
    let data: unknown;
    if (answer.text.trim() !== '') {
      try {
        data = JSON.parse(answer.text);
      } catch (cause) {
        throw new DeterminedError(`${upper} ${path} answered with a body that is not JSON`, { cause });
      }
    }
    if (options.schema !== undefined) {
      if (typeof options.schema === 'string' && options.validate !== 'off') await this.#loaders.loadSchemas();
      this.validate(data, options.schema, `${upper} ${path}`, options.validate);
    }
    return data as T;
  }

  /** Send a request with an already serialized body; resolve to the response text (status < 300). */
  async send(method: string, path: string, options: SendOptions = {}): Promise<TextResponse> {
    const { status, headers, text } = await this.#call('text', method, path, options);
    return { status, headers, text };
  }

  /**
   * Send a request and hand back the unread body of a successful response (binary downloads).
   * `timeoutMs` bounds the wait for the headers and then each gap between body chunks.
   */
  async raw(method: string, path: string, options: RequestOptions = {}): Promise<RawResponse> {
    return this.sendRaw(method, path, { ...options, body: requestBody(options.body) });
  }

  /**
   * Like `raw`, with an already serialized body (what `Determined.api` sends): the answer's body
   * is handed back unread.
   */
  async sendRaw(method: string, path: string, options: SendOptions = {}): Promise<RawResponse> {
    const answer = await this.#call('raw', method, path, options);
    const exchange = answer.exchange;
    if (!exchange) throw new DeterminedError('internal error: raw response without a body');
    const context = { method: method.toUpperCase(), path, master: this.master, signal: options.signal };
    return { status: exchange.status, headers: exchange.headers, body: guardDownload(exchange, context) };
  }

  /** Lazily stream an NDJSON endpoint (GET), yielding each line's validated `result`. */
  stream<T = unknown>(path: string, options: StreamOptions = {}): AsyncIterable<T> {
    const idle = checkTimeout(options.idleTimeoutMs, 'idleTimeoutMs');
    const idleTimeoutMs = idle === undefined ? this.#timeoutMs : idle;
    const { schema, validate } = options;
    return openStream<T>({
      open: async () => {
        if (typeof schema === 'string' && validate !== 'off') await this.#loaders.loadSchemas();
        const answer = await this.#call('stream', 'GET', path, { ...options, timeoutMs: idleTimeoutMs });
        if (!answer.exchange) throw new DeterminedError('internal error: stream response without a body');
        return answer.exchange;
      },
      idleTimeoutMs,
      signal: options.signal,
      operation: options.operation ?? path,
      validate:
        schema === undefined
          ? undefined
          : (value) => this.validate(value, schema, `stream ${path}`, validate),
    });
  }

  /** Validate `value` against a schema given by definition name or as a zod schema. */
  validate(value: unknown, schema: string | core.$ZodType, source: string, mode?: ValidationMode): void {
    const effective = mode ?? this.#validator.mode;
    if (effective === 'off') return;
    if (typeof schema !== 'string') {
      this.#validator.check(value, schema, { schemaName: 'its schema', source }, effective);
      return;
    }
    const schemas = this.#loaders.schemas;
    if (schemas === undefined) {
      this.#schemasMissing(source, effective);
      return;
    }
    const resolved = schemas[schema];
    if (!resolved) throw new InvalidArgumentError(`unknown response schema "${schema}"`);
    this.#validator.check(value, resolved, { schemaName: schema, source }, effective);
  }

  /** Close the connections of the dispatcher this transport created (not an injected one). */
  async close(): Promise<void> {
    await this.#loaders.close();
  }

  /** What `console.log` and `util.inspect` show: the master URL only, never the token. */
  [inspect.custom](): string {
    return `Transport { master: ${JSON.stringify(this.master)} }`;
  }

  /** What `JSON.stringify` shows: the master URL only, never the token. */
  toJSON(): {
    /** Canonical master URL. */
    master: string;
  } {
    return { master: this.master };
  }

  async #call(kind: Kind, method: string, path: string, options: SendOptions): Promise<Answer> {
    const policy = resolveRetryPolicy(this.#retry, options.retry);
    const attempt = prepareAttempt(this.#defaults, { kind, method: method.toUpperCase(), path }, options);
    // Loaded while the request is under way: callers validate what this call answers.
    const schemas = this.#validator.mode === 'off' ? undefined : this.#loaders.loadSchemas();
    const dispatcher = this.#loaders.dispatcher ?? (await this.#loaders.loadDispatcher());
    for (let retry = 0; ; retry++) {
      if (attempt.signal?.aborted) throw abortErrorFrom(attempt.signal);
      const started = performance.now();
      const outcome = await sendAttempt(dispatcher, this.#origin, attempt);
      logAttempt(this.logger, attempt, outcome, {
        retry,
        durationMs: Math.round(performance.now() - started),
      });
      const delay = retryDelay(policy, attempt, outcome, retry);
      if (delay === undefined) {
        await schemas;
        return finishAttempt(attempt, outcome, { master: this.master, attempts: retry + 1 });
      }
      await sleep(delay, attempt.signal);
    }
  }

  /** A named schema was asked for before the schemas were loaded (or they failed to load). */
  #schemasMissing(source: string, mode: ValidationMode): void {
    const message = `response of ${source} not validated: the spec's schemas are not loaded`;
    if (mode === 'strict') throw new DeterminedError(message);
    if (this.#schemasMissingReported) return;
    this.#schemasMissingReported = true;
    this.logger.warn(message);
  }
}
