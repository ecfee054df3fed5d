/**
 * One HTTP exchange of the `Transport`: what an attempt sends (prepared once per call, the same
 * for every retry) and sending it through the dispatcher, with its timeout and cancellation.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { TimeoutError } from './errors';
import { withQuery } from './query';
import { classifyFailure, type FailureKind } from './retry';
import type { StreamExchange } from './stream';
import { bodyToSend, PreparedJsonBody, type TransportBody } from './transport-body';
import { checkTimeout, type SendOptions, scrubSecret } from './transport-support';

/** A response whose body is handed back unread (raw downloads, streams). */
export interface Exchange extends StreamExchange {
  /** HTTP status. */
  readonly status: number;
  /** Response headers. */
  readonly headers: IncomingHttpHeaders;
  /** The unread body. */
  readonly body: Dispatcher.ResponseData['body'];
}

/** How the answer's body is used: read as text, handed back unread, or streamed. */
export type Kind = 'text' | 'raw' | 'stream';

/** Everything an attempt sends; the same for each retry of a call. */
export interface Attempt {
  /** How the answer's body is used. */
  readonly kind: Kind;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The path without its query (for messages and logs). */
  readonly path: string;
  /** The request target: base path, path and query. */
  readonly target: string;
  /** What is sent. */
  readonly body: TransportBody;
  /** All request headers, the authorization included. */
  readonly headers: Record<string, string>;
  /** Cancels the call. */
  readonly signal: AbortSignal | undefined;
  /** Per-attempt timeout (`null`: none). */
  readonly timeoutMs: number | null;
}

/** A response: its text (read for `text` calls and for every error status) or its unread body. */
export type Answer = {
  /** HTTP status. */
  readonly status: number;
  /** Response headers. */
  readonly headers: IncomingHttpHeaders;
  /** The body as text (empty when it is handed back unread). */
  readonly text: string;
  /** The unread body of a successful `raw` or `stream` call. */
  readonly exchange?: Exchange;
};

/** What an attempt ended with: an answer, or a failure the retry loop judges. */
export type Outcome =
  | ({ readonly ok: true } & Answer)
  | { readonly ok: false; readonly error: unknown; readonly failure: FailureKind };

/** What a transport contributes to every attempt. */
export interface AttemptDefaults {
  /** Path of the master URL, prefixed to every request path (no trailing slash). */
  readonly basePath: string;
  /** Headers sent with every request. */
  readonly headers: Readonly<Record<string, string>>;
  /** The bearer token, when the request is authenticated. */
  readonly token: (() => string | undefined) | undefined;
  /** Per-attempt timeout when the call sets none. */
  readonly timeoutMs: number | null;
}

/** The attempt a call sends (headers, target, timeout), from the call's options. */
export function prepareAttempt(
  defaults: AttemptDefaults,
  call: { readonly kind: Kind; readonly method: string; readonly path: string },
  options: SendOptions,
): Attempt {
  const { kind, method, path } = call;
  const timeout = checkTimeout(options.timeoutMs, 'timeoutMs');
  const headers: Record<string, string> = { ...defaults.headers, ...options.headers };
  if (options.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  const token = options.auth === false ? undefined : defaults.token?.();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body instanceof PreparedJsonBody) headers['content-length'] = String(options.body.byteLength);
  const target = `${defaults.basePath}/${withQuery(path, options.query).replace(/^\/+/, '')}`;
  const timeoutMs = timeout === undefined ? defaults.timeoutMs : timeout;
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
export async function sendAttempt(
  dispatcher: Dispatcher,
  origin: string,
  attempt: Attempt,
): Promise<Outcome> {
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
    const response = await dispatcher.request({
      origin,
      path: attempt.target,
      method: attempt.method as Dispatcher.HttpMethod,
      headers: attempt.headers,
      body: bodyToSend(attempt.body),
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
