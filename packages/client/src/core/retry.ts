import { AbortError, ConnectionError, DeterminedError, InvalidArgumentError, TimeoutError } from './errors';

/** How failed requests are retried (mirrors urllib3's `Retry` as the Python SDK configures it). */
export interface RetryPolicy {
  /** Retries after the first attempt (so at most `retries + 1` attempts). */
  readonly retries: number;
  /** Methods retried on a status or on a failure after the request was sent. */
  readonly methods: readonly string[];
  /** Statuses always retried (for `methods`). */
  readonly statuses: readonly number[];
  /** Statuses retried only when the response carries `Retry-After` (for `methods`). */
  readonly retryAfterStatuses: readonly number[];
  /** Backoff base: retry n (n ≥ 2) sleeps `backoffBaseMs · 2^(n−1)`; the first retry is immediate. */
  readonly backoffBaseMs: number;
  /** Upper bound of any sleep, including one asked for by `Retry-After`. */
  readonly backoffMaxMs: number;
  /** Random spread applied to the computed backoff: ±`jitter` · delay (0 disables). */
  readonly jitter: number;
}

/** Per-client or per-call retry settings: `false` disables retries, a partial policy overrides. */
export type RetryOptions = false | { readonly [K in keyof RetryPolicy]?: RetryPolicy[K] | undefined };

/** The Python SDK's defaults: 5 retries, 502/503/504, idempotent methods, 0.5 s backoff base. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  retries: 5,
  methods: Object.freeze(['GET', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE']),
  statuses: Object.freeze([502, 503, 504]),
  retryAfterStatuses: Object.freeze([413, 429, 503]),
  backoffBaseMs: 500,
  backoffMaxMs: 120_000,
  jitter: 0.1,
});

/** Longest delay a timer can wait (2^31 - 1 ms, about 24.8 days); Node fires longer ones at once. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** Merge retry settings, later layers winning; `false` anywhere yields zero retries. */
export function resolveRetryPolicy(...layers: readonly (RetryOptions | undefined)[]): RetryPolicy {
  let policy: RetryPolicy = DEFAULT_RETRY_POLICY;
  for (const layer of layers) {
    if (layer === undefined) continue;
    policy = layer === false ? { ...policy, retries: 0 } : { ...policy, ...definedOnly(layer) };
  }
  if (!Number.isInteger(policy.retries) || policy.retries < 0) {
    throw new InvalidArgumentError(`retry.retries must be a non-negative integer, got ${policy.retries}`);
  }
  if (
    !(policy.backoffBaseMs >= 0 && policy.backoffBaseMs <= MAX_DELAY_MS) ||
    !(policy.backoffMaxMs >= 0 && policy.backoffMaxMs <= MAX_DELAY_MS) ||
    !(policy.jitter >= 0 && policy.jitter <= 1)
  ) {
    throw new InvalidArgumentError(
      `retry backoffBaseMs/backoffMaxMs must be within [0, ${MAX_DELAY_MS}] and jitter within [0, 1]`,
    );
  }
  return { ...policy, methods: policy.methods.map((m) => m.toUpperCase()) };
}

function definedOnly(layer: Exclude<RetryOptions, false>): Partial<RetryPolicy> {
  return Object.fromEntries(Object.entries(layer).filter(([, value]) => value !== undefined));
}

/** Delay before retry number `retry` (1-based), with jitter, capped at `backoffMaxMs`. */
export function backoffDelayMs(
  policy: RetryPolicy,
  retry: number,
  random: () => number = Math.random,
): number {
  if (retry <= 1) return 0;
  // Capped before the jitter: an overflowing power of two would make the spread Infinity - Infinity.
  const base = Math.min(policy.backoffBaseMs * 2 ** (retry - 1), MAX_DELAY_MS);
  const spread = policy.jitter * base * (2 * random() - 1);
  return Math.min(policy.backoffMaxMs, Math.max(0, base + spread));
}

/** Parse a `Retry-After` value (delta seconds or HTTP date) into milliseconds, if valid. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Whether a response with `status` should be retried for `method`. */
export function isRetryableStatus(
  policy: RetryPolicy,
  input: { method: string; status: number; hasRetryAfter: boolean },
): boolean {
  if (!policy.methods.includes(input.method.toUpperCase())) return false;
  if (policy.statuses.includes(input.status)) return true;
  return input.hasRetryAfter && policy.retryAfterStatuses.includes(input.status);
}

/**
 * Whether a transport failure should be retried: failures while connecting (nothing was sent)
 * are retried for every method, failures after sending only for the policy's methods.
 */
export function isRetryableFailure(
  policy: RetryPolicy,
  input: { method: string; phase: 'connect' | 'sent' },
): boolean {
  return input.phase === 'connect' || policy.methods.includes(input.method.toUpperCase());
}

/** Sleep for `ms`, rejecting with `AbortError` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortErrorFrom(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortErrorFrom(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The SDK's `AbortError` for an aborted signal, with the signal's reason as `cause`. */
export function abortErrorFrom(signal: AbortSignal | undefined): AbortError {
  return new AbortError('the request was aborted', { cause: signal?.reason });
}

/**
 * What a transport failure means: when it happened (`connect`: nothing was sent; `sent`: the
 * request may have reached the master; `final`: never retried) and why.
 */
export interface FailureKind {
  readonly phase: 'connect' | 'sent' | 'final';
  readonly reason: 'abort' | 'timeout' | 'certificate' | 'connect' | 'io' | 'invalid';
  /** Short text for logs (error code and message). */
  readonly description: string;
}

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const INVALID_CODES = new Set([
  'UND_ERR_INVALID_ARG',
  'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_ARG_VALUE',
  'ERR_INVALID_CHAR',
]);
// The dispatcher is closed, or a test's MockAgent has no answer: trying again cannot help.
const FINAL_CODES = new Set(['UND_ERR_CLOSED', 'UND_ERR_DESTROYED', 'UND_MOCK_ERR_MOCK_NOT_MATCHED']);
const CERTIFICATE_CODE = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH/;

interface ErrorLike {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly cause?: unknown;
}

// Duck-typed rather than `instanceof Error`: errors from Node internals may come from another realm.
function asErrorLike(value: unknown): ErrorLike | undefined {
  return typeof value === 'object' && value !== null ? (value as ErrorLike) : undefined;
}

function errorCode(error: unknown): string {
  let current = asErrorLike(error);
  for (let depth = 0; current && depth < 4; depth++) {
    if (typeof current.code === 'string') return current.code;
    current = asErrorLike(current.cause);
  }
  return '';
}

function describe(error: unknown): string {
  const code = errorCode(error);
  const raw = asErrorLike(error)?.message;
  const message = typeof raw === 'string' ? raw : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/** Classify a failure of one HTTP attempt (`timedOut`/`aborted` say what our own timers did). */
export function classifyFailure(
  error: unknown,
  context: { timedOut: boolean; aborted: boolean },
): FailureKind {
  const description = describe(error);
  if (context.aborted) return { phase: 'final', reason: 'abort', description };
  if (context.timedOut) return { phase: 'sent', reason: 'timeout', description };
  const code = errorCode(error);
  if (CERTIFICATE_CODE.test(code)) return { phase: 'final', reason: 'certificate', description };
  if (CONNECT_CODES.has(code)) return { phase: 'connect', reason: 'connect', description };
  if (TIMEOUT_CODES.has(code)) return { phase: 'sent', reason: 'timeout', description };
  if (INVALID_CODES.has(code) || error instanceof DeterminedError)
    return { phase: 'final', reason: 'invalid', description };
  if (FINAL_CODES.has(code)) return { phase: 'final', reason: 'io', description };
  return { phase: 'sent', reason: 'io', description };
}

/** What the failed request was, for error messages. */
export interface FailureContext {
  readonly method: string;
  readonly path: string;
  readonly master: string;
  readonly timeoutMs?: number | null | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** Turn a classified transport failure into the SDK's typed error (the original as `cause`). */
export function mapFailure(error: unknown, kind: FailureKind, context: FailureContext): DeterminedError {
  const what = `${context.method} ${context.path}`;
  switch (kind.reason) {
    case 'abort':
      return new AbortError(`${what} was aborted`, { cause: context.signal?.reason ?? error });
    case 'timeout': {
      const limit = typeof context.timeoutMs === 'number' ? ` after ${context.timeoutMs} ms` : '';
      return new TimeoutError(`${what} timed out${limit}`, { cause: error });
    }
    case 'certificate':
      return new ConnectionError(
        `could not verify the TLS certificate of the master at ${context.master}: ${kind.description} ` +
          '(trust its CA certificate, e.g. DET_MASTER_CERT_FILE, or use noverify)',
        { cause: error },
      );
    case 'invalid':
      if (error instanceof DeterminedError) return error;
      return new InvalidArgumentError(`${what} could not be sent: ${kind.description}`, { cause: error });
    default:
      return new ConnectionError(
        `could not reach the master at ${context.master} (${what}): ${kind.description}`,
        {
          cause: error,
        },
      );
  }
}
