import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { schemas as specSchemas } from '@determined-ts/bindings';
import { type Dispatcher, interceptors } from 'undici';
import type { core } from 'zod';
import { apiErrorFor, DeterminedError, type ErrorBody, InvalidArgumentError, TimeoutError } from './errors';
import { createLogger, type Logger } from './logger';
import { encodeJsonBody, withQuery } from './query';
import {
  abortErrorFrom,
  backoffDelayMs,
  classifyFailure,
  type FailureKind,
  isRetryableFailure,
  isRetryableStatus,
  mapFailure,
  parseRetryAfter,
  type RetryOptions,
  type RetryPolicy,
  resolveRetryPolicy,
  sleep,
} from './retry';
import { openStream, type StreamExchange } from './stream';
import { createDispatcher, type TlsOptions } from './tls';
import { ResponseValidator, type SchemaRegistry, type ValidationMode } from './validation';

/** Default per-attempt timeout: generous, since the Python SDK has none. */
export const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** Options of {@link Transport}. */
export interface TransportOptions {
  /** Canonical master URL (`scheme://host:port[/path]`). */
  readonly master: string;
  /** Supplies the bearer token for authenticated requests. */
  readonly token?: (() => string | undefined) | undefined;
  /** undici dispatcher to send through (default: one built from `tls` and the proxy variables). */
  readonly dispatcher?: Dispatcher | undefined;
  /** TLS settings, used when no `dispatcher` is given. */
  readonly tls?: TlsOptions | undefined;
  /** Client-wide retry settings (default: 5 retries, see `DEFAULT_RETRY_POLICY`). */
  readonly retry?: RetryOptions | undefined;
  /** Per-attempt timeout in ms; `null` or `0` disables it (default 5 minutes). */
  readonly timeoutMs?: number | null | undefined;
  /** Response validation mode (default `warn`). */
  readonly validate?: ValidationMode | undefined;
  /** Receives request logs and validation warnings (default: the SDK's console logger). */
  readonly logger?: Logger | undefined;
  /** Zod schemas by definition name, for `schema: '<name>'` options (default: the bindings'). */
  readonly schemas?: SchemaRegistry | undefined;
  /** Extra headers sent with every request. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** Options shared by every kind of call. */
export interface CallOptions {
  /** Query parameters (see `serializeQuery`). */
  readonly query?: Readonly<Record<string, unknown>> | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Per-call retry settings, layered over the client's. */
  readonly retry?: RetryOptions | undefined;
  /** Per-attempt timeout in ms (`null`/`0`: none). */
  readonly timeoutMs?: number | null | undefined;
  /** Cancels the call (rejects with `AbortError`). */
  readonly signal?: AbortSignal | undefined;
  /** Send the `Authorization` header (default true). */
  readonly auth?: boolean | undefined;
}

/** Options of {@link Transport.request} and {@link Transport.raw}. */
export interface RequestOptions extends CallOptions {
  /** JSON body; not sent when `undefined`, `null`, `{}` or `[]`. */
  readonly body?: unknown;
  /** Schema (definition name or zod schema) the response is validated against. */
  readonly schema?: string | core.$ZodType | undefined;
  readonly validate?: ValidationMode | undefined;
}

/** Options of {@link Transport.send}: the body is already serialized JSON text. */
export interface SendOptions extends CallOptions {
  readonly body?: string | undefined;
}

/** Options of {@link Transport.stream}. */
export interface StreamOptions extends Omit<CallOptions, 'timeoutMs'> {
  /** Longest wait for the response headers and then for each chunk; `null`/`0`: none. */
  readonly idleTimeoutMs?: number | null | undefined;
  /** Schema of each line's `result`. */
  readonly schema?: string | core.$ZodType | undefined;
  readonly validate?: ValidationMode | undefined;
  /** Name used in stream error messages (default: the path). */
  readonly operation?: string | undefined;
}

/** A response whose body was read as text. */
export interface TextResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/** A successful response whose body is left to the caller (binary downloads). */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Readable;
}

interface Exchange extends StreamExchange {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Dispatcher.ResponseData['body'];
}

type Kind = 'text' | 'raw' | 'stream';

interface Attempt {
  readonly kind: Kind;
  readonly method: string;
  readonly path: string;
  readonly target: string;
  readonly body: string | undefined;
  readonly headers: Record<string, string>;
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number | null;
}

type Answer = {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  readonly exchange?: Exchange;
};
type Outcome =
  | ({ readonly ok: true } & Answer)
  | { readonly ok: false; readonly error: unknown; readonly failure: FailureKind };

function checkTimeout(value: number | null | undefined, what: string): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (!Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(
      `${what} must be a non-negative number of milliseconds or null, got ${value}`,
    );
  }
  return value === 0 ? null : value;
}

/** First value of a response header. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parse an error body: `runtimeError`, `{"message"}` echo answers, or the gateway's `{"error": {...}}`. */
export function parseErrorBody(text: string): ErrorBody | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  const source = isRecord(parsed.error) ? parsed.error : parsed;
  const body: { error?: string; code?: number; message?: string; details?: readonly unknown[] } = {};
  if (typeof source.error === 'string') body.error = source.error;
  if (typeof source.code === 'number') body.code = source.code;
  const message = source.message ?? parsed.message;
  if (typeof message === 'string') body.message = message;
  const details = source.details ?? parsed.details;
  if (Array.isArray(details)) body.details = details;
  return Object.keys(body).length > 0 ? body : undefined;
}

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
  readonly #basePath: string;
  readonly #token: (() => string | undefined) | undefined;
  readonly #dispatcher: Dispatcher;
  readonly #base: Dispatcher | undefined;
  readonly #retry: RetryOptions | undefined;
  readonly #timeoutMs: number | null;
  readonly #validator: ResponseValidator;
  readonly #schemas: SchemaRegistry;
  readonly #headers: Readonly<Record<string, string>>;

  constructor(options: TransportOptions) {
    let url: URL;
    try {
      url = new URL(options.master);
    } catch (cause) {
      throw new InvalidArgumentError(`invalid master URL: ${options.master}`, { cause });
    }
    this.master = options.master.replace(/\/+$/, '');
    this.#origin = url.origin;
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#token = options.token;
    resolveRetryPolicy(options.retry);
    this.#retry = options.retry;
    const timeout = checkTimeout(options.timeoutMs, 'timeoutMs');
    this.#timeoutMs = timeout === undefined ? DEFAULT_TIMEOUT_MS : timeout;
    this.logger = createLogger({ logger: options.logger });
    this.#validator = new ResponseValidator({ mode: options.validate, logger: this.logger });
    this.#schemas = options.schemas ?? specSchemas;
    this.#headers = options.headers ?? {};
    this.#base = options.dispatcher ? undefined : createDispatcher(options.tls ?? {});
    const base = options.dispatcher ?? this.#base;
    if (!base) throw new DeterminedError('internal error: no dispatcher');
    this.#dispatcher = base.compose(interceptors.redirect({ maxRedirections: 10 }));
  }

  /** Send a JSON request; resolve to the parsed (and, with `schema`, validated) response body. */
  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const answer = await this.#call('text', method, path, { ...options, body: encodeJsonBody(options.body) });
    const upper = method.toUpperCase();
    let data: unknown;
    if (answer.text.trim() !== '') {
      try {
        data = JSON.parse(answer.text);
      } catch (cause) {
        throw new DeterminedError(`${upper} ${path} answered with a body that is not JSON`, { cause });
      }
    }
    if (options.schema !== undefined)
      this.validate(data, options.schema, `${upper} ${path}`, options.validate);
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
    const answer = await this.#call('raw', method, path, { ...options, body: encodeJsonBody(options.body) });
    const exchange = answer.exchange;
    if (!exchange) throw new DeterminedError('internal error: raw response without a body');
    const context = { method: method.toUpperCase(), path, master: this.master, signal: options.signal };
    return { status: exchange.status, headers: exchange.headers, body: guardBody(exchange, context) };
  }

  /** Lazily stream an NDJSON endpoint (GET), yielding each line's validated `result`. */
  stream<T = unknown>(path: string, options: StreamOptions = {}): AsyncIterable<T> {
    const idle = checkTimeout(options.idleTimeoutMs, 'idleTimeoutMs');
    const idleTimeoutMs = idle === undefined ? this.#timeoutMs : idle;
    const { schema, validate } = options;
    return openStream<T>({
      open: async () => {
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
    const resolved = typeof schema === 'string' ? this.#schemas[schema] : schema;
    if (!resolved) throw new InvalidArgumentError(`unknown response schema "${String(schema)}"`);
    const schemaName = typeof schema === 'string' ? schema : 'its schema';
    this.#validator.check(value, resolved, { schemaName, source }, mode ?? this.#validator.mode);
  }

  /** Close the connections of the dispatcher this transport created (not an injected one). */
  async close(): Promise<void> {
    await this.#base?.close();
  }

  [inspect.custom](): string {
    return `Transport { master: ${JSON.stringify(this.master)} }`;
  }

  toJSON(): { master: string } {
    return { master: this.master };
  }

  async #call(kind: Kind, method: string, path: string, options: SendOptions): Promise<Answer> {
    const policy = resolveRetryPolicy(this.#retry, options.retry);
    const attempt = this.#prepare(kind, method.toUpperCase(), path, options);
    for (let retry = 0; ; retry++) {
      if (attempt.signal?.aborted) throw abortErrorFrom(attempt.signal);
      const started = performance.now();
      const outcome = await this.#attempt(attempt);
      this.#log(attempt, outcome, { retry, durationMs: Math.round(performance.now() - started) });
      const delay = this.#retryDelay(policy, attempt, outcome, retry);
      if (delay === undefined) return this.#finish(attempt, outcome);
      await sleep(delay, attempt.signal);
    }
  }

  #prepare(kind: Kind, method: string, path: string, options: SendOptions): Attempt {
    const timeout = checkTimeout(options.timeoutMs, 'timeoutMs');
    const headers: Record<string, string> = { ...this.#headers, ...options.headers };
    if (options.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    const token = options.auth === false ? undefined : this.#token?.();
    if (token) headers.authorization = `Bearer ${token}`;
    const target = `${this.#basePath}/${withQuery(path, options.query).replace(/^\/+/, '')}`;
    const timeoutMs = timeout === undefined ? this.#timeoutMs : timeout;
    return {
      kind,
      method,
      path: path.split('?')[0] ?? path,
      target,
      body: options.body,
      headers,
      signal: options.signal,
      timeoutMs,
    };
  }

  /** One HTTP exchange; failures are returned, not thrown, so the retry loop can judge them. */
  async #attempt(attempt: Attempt): Promise<Outcome> {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(attempt.signal?.reason);
    attempt.signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer =
      attempt.timeoutMs === null
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            controller.abort(new TimeoutError(`no answer within ${attempt.timeoutMs} ms`));
          }, attempt.timeoutMs);
    const release = (): void => {
      clearTimeout(timer);
      attempt.signal?.removeEventListener('abort', onAbort);
    };
    try {
      const response = await this.#dispatcher.request({
        origin: this.#origin,
        path: attempt.target,
        method: attempt.method as Dispatcher.HttpMethod,
        headers: attempt.headers,
        body: attempt.body ?? null,
        signal: controller.signal,
        headersTimeout: 0,
        bodyTimeout: attempt.kind === 'raw' ? (attempt.timeoutMs ?? 0) : 0,
      });
      const { statusCode: status, headers, body } = response;
      if (attempt.kind !== 'text' && status < 300) {
        clearTimeout(timer);
        return {
          ok: true,
          status,
          headers,
          text: '',
          exchange: { status, headers, body, controller, release },
        };
      }
      const text = await body.text();
      release();
      return { ok: true, status, headers, text };
    } catch (caught) {
      release();
      const error = scrubSecret(caught, attempt.headers.authorization);
      const failure = classifyFailure(error, { timedOut, aborted: attempt.signal?.aborted === true });
      return { ok: false, error, failure };
    }
  }

  /** Milliseconds to wait before the next attempt, or `undefined` when this outcome is final. */
  #retryDelay(policy: RetryPolicy, attempt: Attempt, outcome: Outcome, retry: number): number | undefined {
    if (retry >= policy.retries) return undefined;
    if (!outcome.ok) {
      const { phase } = outcome.failure;
      if (phase === 'final' || !isRetryableFailure(policy, { method: attempt.method, phase }))
        return undefined;
      return backoffDelayMs(policy, retry + 1);
    }
    const retryAfter = headerValue(outcome.headers, 'retry-after');
    const hasRetryAfter = retryAfter !== undefined;
    if (!isRetryableStatus(policy, { method: attempt.method, status: outcome.status, hasRetryAfter }))
      return undefined;
    const hinted = parseRetryAfter(retryAfter);
    return hinted === undefined ? backoffDelayMs(policy, retry + 1) : Math.min(hinted, policy.backoffMaxMs);
  }

  #finish(attempt: Attempt, outcome: Outcome): Answer {
    const { method, path } = attempt;
    if (!outcome.ok) {
      const context = {
        method,
        path,
        master: this.master,
        timeoutMs: attempt.timeoutMs,
        signal: attempt.signal,
      };
      throw mapFailure(outcome.error, outcome.failure, context);
    }
    if (outcome.status < 300) return outcome;
    const requestId = headerValue(outcome.headers, 'x-request-id');
    const body = parseErrorBody(outcome.text);
    throw apiErrorFor({ status: outcome.status, method, path, body, rawBody: outcome.text, requestId });
  }

  #log(attempt: Attempt, outcome: Outcome, extra: { retry: number; durationMs: number }): void {
    const { method, path } = attempt;
    if (outcome.ok) {
      this.logger.debug(`${method} ${path} ${outcome.status}`, {
        method,
        path,
        status: outcome.status,
        ...extra,
      });
    } else {
      const error = outcome.failure.description;
      this.logger.debug(`${method} ${path} failed: ${error}`, { method, path, error, ...extra });
    }
  }
}

/**
 * Some dispatchers (e.g. undici's MockAgent) echo request headers in their error messages; such
 * an error is replaced by a copy whose message has the credential removed.
 */
function scrubSecret(error: unknown, secret: string | undefined): unknown {
  if (!secret || typeof error !== 'object' || error === null) return error;
  const { message, name, code } = error as { message?: unknown; name?: unknown; code?: unknown };
  if (typeof message !== 'string' || !message.includes(secret)) return error;
  const copy = new Error(message.replaceAll(secret, '[REDACTED]'));
  if (typeof name === 'string') copy.name = name;
  return typeof code === 'string' ? Object.assign(copy, { code }) : copy;
}

/** Wrap a download body so a failure mid-body surfaces as the SDK's typed error. */
function guardBody(
  exchange: Exchange,
  context: { method: string; path: string; master: string; signal: AbortSignal | undefined },
): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of exchange.body) yield chunk as Buffer;
    } catch (error) {
      const failure = classifyFailure(error, { timedOut: false, aborted: context.signal?.aborted === true });
      throw mapFailure(error, failure, context);
    } finally {
      exchange.release();
      exchange.body.destroy();
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
