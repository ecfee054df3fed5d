/** Options, answer types and pure helpers of the `Transport`. */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { core } from 'zod';
import { type ErrorBody, InvalidArgumentError } from './errors';
import { isRecord } from './is-record';
import type { Logger } from './logger';
import type { MethodOptions } from './method-options';
import type { RetryOptions } from './retry';
import type { TlsOptions } from './tls';
import type { PreparedJsonBody } from './transport-body';
import type { SchemaRegistry, ValidationMode } from './validation';

/**
 * What the transport needs of a dispatcher: undici's `Dispatcher` has it, and so has the SDK's
 * `DeferredDispatcher`, which is not one (undici loads on the first request, not with the SDK).
 */
export interface DispatchTarget {
  /** Start one request (undici's dispatch contract). */
  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean;
  /** Close the connections gracefully. */
  close(): Promise<void>;
  /** Close the connections at once. */
  destroy(): Promise<void>;
}

/** Default per-attempt timeout: generous, since the Python SDK has none. */
export const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** Options of {@link Transport}. */
export interface TransportOptions {
  /** Canonical master URL (`scheme://host:port[/path]`). */
  readonly master: string;
  /** Supplies the bearer token for authenticated requests. */
  readonly token?: (() => string | undefined) | undefined;
  /**
   * undici dispatcher (or any {@link DispatchTarget}) to send through (default: one built from `tls`
   * and the proxy variables on the first request).
   */
  readonly dispatcher?: DispatchTarget | Dispatcher | undefined;
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

/** Options shared by every kind of call (`signal` and `timeoutMs` as everywhere in the SDK). */
export interface CallOptions extends MethodOptions {
  /** Query parameters (see `serializeQuery`). */
  readonly query?: Readonly<Record<string, unknown>> | undefined;
  /** Extra headers for this call, over the client-wide `headers`. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Per-call retry settings, layered over the client's. */
  readonly retry?: RetryOptions | undefined;
  /** Send the `Authorization` header (default true). */
  readonly auth?: boolean | undefined;
}

/** Options of {@link Transport.request} and {@link Transport.raw}. */
export interface RequestOptions extends CallOptions {
  /** JSON body; not sent when `undefined`, `null`, `{}` or `[]`. */
  readonly body?: unknown;
  /** Schema (definition name or zod schema) the response is validated against. */
  readonly schema?: string | core.$ZodType | undefined;
  /** On a schema mismatch `strict` throws `ValidationError`, `warn` logs, `off` skips the check. */
  readonly validate?: ValidationMode | undefined;
}

/** Options of {@link Transport.send}: the body is already serialized JSON text. */
export interface SendOptions extends CallOptions {
  /**
   * Request body, sent as is (`content-type: application/json` unless a header says otherwise):
   * JSON text, or a body serialized ahead as chunks of bytes.
   */
  readonly body?: string | PreparedJsonBody<unknown> | undefined;
}

/** Options of {@link Transport.stream}. */
export interface StreamOptions extends Omit<CallOptions, 'timeoutMs'> {
  /** Longest wait for the response headers and then for each chunk; `null`/`0`: none. */
  readonly idleTimeoutMs?: number | null | undefined;
  /** Schema of each line's `result`. */
  readonly schema?: string | core.$ZodType | undefined;
  /** How each line's `result` is checked: `strict`, `warn` or `off` (default: the transport's). */
  readonly validate?: ValidationMode | undefined;
  /** Name used in stream error messages (default: the path). */
  readonly operation?: string | undefined;
}

/** A response whose body was read as text. */
export interface TextResponse {
  /** HTTP status code (below 300). */
  readonly status: number;
  /** Response headers, lower-cased names. */
  readonly headers: IncomingHttpHeaders;
  /** The whole body, decoded as UTF-8. */
  readonly text: string;
}

/** A successful response whose body is left to the caller (binary downloads). */
export interface RawResponse {
  /** HTTP status code (below 300). */
  readonly status: number;
  /** Response headers, lower-cased names. */
  readonly headers: IncomingHttpHeaders;
  /** The unread body; the caller must consume or destroy it to free the connection. */
  readonly body: Readable;
}

/** A timeout option as milliseconds: `0` becomes `null` (none); invalid values throw. */
export function checkTimeout(value: number | null | undefined, what: string): number | null | undefined {
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
  const body: {
    error?: string;
    code?: number;
    reason?: string;
    message?: string;
    details?: readonly unknown[];
  } = {};
  if (typeof source.error === 'string') body.error = source.error;
  if (typeof source.code === 'number') body.code = source.code;
  if (typeof source.reason === 'string') body.reason = source.reason;
  const message = source.message ?? parsed.message;
  if (typeof message === 'string') body.message = message;
  const details = source.details ?? parsed.details;
  if (Array.isArray(details)) body.details = details;
  return Object.keys(body).length > 0 ? body : undefined;
}

/**
 * Some dispatchers (e.g. undici's MockAgent) echo request headers in their error messages; such
 * an error is replaced by a copy whose message has the credential removed.
 */
export function scrubSecret(error: unknown, secret: string | undefined): unknown {
  if (!secret || typeof error !== 'object' || error === null) return error;
  const { message, name, code } = error as { message?: unknown; name?: unknown; code?: unknown };
  if (typeof message !== 'string' || !message.includes(secret)) return error;
  const copy = new Error(message.replaceAll(secret, '[REDACTED]'));
  if (typeof name === 'string') copy.name = name;
  return typeof code === 'string' ? Object.assign(copy, { code }) : copy;
}
