/**
 * The single error hierarchy of the SDK. Every error the SDK throws is a `DeterminedError`;
 * errors that carry an HTTP answer from the master are `APIError`s with one subclass per status.
 */

/**
 * Details parsed from a master's error body: the real master's `{"error": {code, reason, error}}`,
 * the spec's `runtimeError` (`{error, code, message, details}`) or an echo route's `{message}`.
 */
export interface ErrorBody {
  /** The error text (the real master's `error.error`, or the spec's `error`). */
  readonly error?: string;
  /** Numeric gRPC status code, e.g. 5 for NotFound. */
  readonly code?: number;
  /** The gRPC code's name (`NotFound`, `InvalidArgument`, ...), as the real master sends it. */
  readonly reason?: string;
  /** Human-readable message, preferred over `error` when both are present. */
  readonly message?: string;
  /** gRPC error details (`google.protobuf.Any` objects), when sent. */
  readonly details?: readonly unknown[];
}

/** Base class of every error thrown by the SDK. */
export class DeterminedError extends Error {
  /** Always `'DeterminedError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'DeterminedError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** What the SDK knows about the request an API error answered. */
export interface APIErrorInit {
  /** HTTP status code of the answer. */
  readonly status: number;
  /** HTTP method of the request, upper case. */
  readonly method: string;
  /** Request path, without query string or credentials. */
  readonly path: string;
  /** The parsed error body, when it was JSON of a known shape. */
  readonly body?: ErrorBody | undefined;
  /** The body text, used as the server message when it could not be parsed. */
  readonly rawBody?: string | undefined;
  /** Request id from the response headers. */
  readonly requestId?: string | undefined;
  /** Overrides the default `<METHOD> <path> failed with HTTP <status>: <server message>`. */
  readonly message?: string | undefined;
  /** HTTP attempts made, retries included (default 1). */
  readonly attempts?: number | undefined;
}

/** The master answered with a non-success HTTP status. */
export class APIError extends DeterminedError {
  /** Always `'APIError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'APIError';
  /** HTTP status code. */
  readonly status: number;
  /** gRPC status code from the error body, when present (e.g. 5 for NotFound). */
  readonly code: number | undefined;
  /** The gRPC code's name from the error body, when present (e.g. `NotFound`). */
  readonly reason: string | undefined;
  /** The server's message (`message`, else `error`), or the raw body text. */
  readonly serverMessage: string;
  /** `details` from the `runtimeError` body. */
  readonly details: readonly unknown[];
  /** HTTP method of the failed request. */
  readonly method: string;
  /** Request path (without query string, never with credentials). */
  readonly path: string;
  /** Request id from the response headers, if the master sent one. */
  readonly requestId: string | undefined;
  /** HTTP attempts made before giving up (1 when the status was not retried). */
  readonly attempts: number;

  constructor(init: APIErrorInit) {
    const serverMessage = serverMessageOf(init.body, init.rawBody);
    const attempts = init.attempts ?? 1;
    const after = attempts > 1 ? ` after ${attempts} attempts` : '';
    super(
      init.message ?? `${init.method} ${init.path} failed with HTTP ${init.status}${after}: ${serverMessage}`,
    );
    this.attempts = attempts;
    this.status = init.status;
    this.code = init.body?.code;
    this.reason = init.body?.reason;
    this.serverMessage = serverMessage;
    this.details = init.body?.details ?? [];
    this.method = init.method;
    this.path = init.path;
    this.requestId = init.requestId;
  }
}

function serverMessageOf(body: ErrorBody | undefined, rawBody: string | undefined): string {
  if (body?.message) return body.message;
  if (body?.error) return body.error;
  return rawBody?.trim() ?? '';
}

/** HTTP 400: the master rejected the request as malformed. */
export class BadRequestError extends APIError {
  /** Always `'BadRequestError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'BadRequestError';
}

/** HTTP 401: no valid credentials; log in again (e.g. `det user login <username>`). */
export class AuthenticationError extends APIError {
  /** Always `'AuthenticationError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'AuthenticationError';
}

/** HTTP 403: the user may not do this (or, at login, `invalid credentials` / `user not found`). */
export class PermissionDeniedError extends APIError {
  /** Always `'PermissionDeniedError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'PermissionDeniedError';
}

/** HTTP 404: the object or route does not exist. */
export class NotFoundError extends APIError {
  /** Always `'NotFoundError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'NotFoundError';
}

/** HTTP 409: the request conflicts with the object's current state. */
export class ConflictError extends APIError {
  /** Always `'ConflictError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'ConflictError';
}

/** HTTP 429: too many requests (retried first when it carries `Retry-After` and the method is retried). */
export class RateLimitError extends APIError {
  /** Always `'RateLimitError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'RateLimitError';
}

/** HTTP status >= 500: the master failed (after retries, for idempotent requests). */
export class InternalServerError extends APIError {
  /** Always `'InternalServerError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'InternalServerError';
}

/** The master could not be reached (DNS, refused connection, TLS handshake, reset socket). */
export class ConnectionError extends DeterminedError {
  /** Always `'ConnectionError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'ConnectionError';
}

/** A request or stream exceeded its timeout. */
export class TimeoutError extends DeterminedError {
  /** Always `'TimeoutError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'TimeoutError';
}

/** A streaming (NDJSON) response carried an `{"error": ...}` line or ended before its last line. */
export class StreamError extends DeterminedError {
  /** Always `'StreamError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'StreamError';
  /** The stream's error object, when the master sent one. */
  readonly streamError: Readonly<Record<string, unknown>> | undefined;

  constructor(message: string, options?: { cause?: unknown; streamError?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.streamError = options?.streamError;
  }
}

/** A response body did not match the spec's schema (raised only with `validate: 'strict'`). */
export class ValidationError extends DeterminedError {
  /** Always `'ValidationError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'ValidationError';
}

/** Client-side misuse: an invalid argument, option or configuration value. */
export class InvalidArgumentError extends DeterminedError {
  /** Always `'InvalidArgumentError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'InvalidArgumentError';
}

/** The on-disk token or certificate cache was corrupt; it has been deleted. */
export class CorruptCacheError extends DeterminedError {
  /** Always `'CorruptCacheError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'CorruptCacheError';
}

/** The request was cancelled through its `AbortSignal`. */
export class AbortError extends DeterminedError {
  /** Always `'AbortError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'AbortError';
}

/** What a lost-answer error knows about the create call it reports on. */
export interface LostCreateErrorInit {
  /** The SDK call, e.g. `createExperiment` or `Model.registerVersion`. */
  readonly operation: string;
  /** What it was asked to create, e.g. `experiment "mnist"` or `user "alice"`. */
  readonly target: string;
  /** Why the answer is missing: the typed error of the create request itself. */
  readonly failure: unknown;
}

/**
 * A create call failed and the master did not create the object: either the request never left
 * (the connection could not be made), or the answer was lost and a lookup afterwards found no
 * object that this call could have created. Calling again cannot make a duplicate.
 */
export class NotCreatedError extends DeterminedError {
  /** Always `'NotCreatedError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'NotCreatedError';
  /** The SDK call. */
  readonly operation: string;
  /** What it was asked to create. */
  readonly target: string;
  /** Always `true`: nothing was created, so calling again cannot make a duplicate. */
  readonly safeToRetry = true;

  constructor(init: LostCreateErrorInit & { readonly reason: string }) {
    super(
      `${init.operation}: the master did not create ${init.target} (${init.reason}); it is safe to retry`,
      {
        cause: init.failure,
      },
    );
    this.operation = init.operation;
    this.target = init.target;
  }
}

/** What an {@link AmbiguousOutcomeError} knows. */
export interface AmbiguousOutcomeErrorInit extends LostCreateErrorInit {
  /** Ids of the objects this call may have created; `undefined` when the lookup itself failed. */
  readonly candidateIds: readonly number[] | undefined;
  /** Why the SDK cannot tell, in a sentence. */
  readonly known: string;
  /** What the user should look at before calling again. */
  readonly check: string;
  /** The error of the lookup, when the lookup failed. */
  readonly lookupError?: unknown;
}

/**
 * A create call lost its answer and the SDK cannot tell whether (or which) object the master
 * created: several objects match the request, one matches only partly, the request may still be
 * in progress, or the lookup failed. It is NOT safe to call again blindly: check first.
 */
export class AmbiguousOutcomeError extends DeterminedError {
  /** Always `'AmbiguousOutcomeError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'AmbiguousOutcomeError';
  /** The SDK call. */
  readonly operation: string;
  /** What it was asked to create. */
  readonly target: string;
  /** Ids of the objects this call may have created (`[]`: none yet); `undefined` when unknown. */
  readonly candidateIds: readonly number[] | undefined;
  /** What the user should look at before calling again. */
  readonly check: string;
  /** The error of the lookup, when the lookup itself failed. */
  readonly lookupError: unknown;
  /** Always `false`: calling again may make a duplicate. */
  readonly safeToRetry = false;

  constructor(init: AmbiguousOutcomeErrorInit) {
    const ids = init.candidateIds === undefined ? '' : ` Candidate ids: [${init.candidateIds.join(', ')}].`;
    super(
      `${init.operation}: it is unknown whether the master created ${init.target}: ` +
        `${init.known}.${ids} Check ${init.check} before calling again.`,
      { cause: init.failure },
    );
    this.operation = init.operation;
    this.target = init.target;
    this.candidateIds = init.candidateIds === undefined ? undefined : Object.freeze([...init.candidateIds]);
    this.check = init.check;
    this.lookupError = init.lookupError;
  }
}

const byStatus: ReadonlyMap<number, typeof APIError> = new Map([
  [400, BadRequestError],
  [401, AuthenticationError],
  [403, PermissionDeniedError],
  [404, NotFoundError],
  [409, ConflictError],
  [429, RateLimitError],
]);

/** Build the `APIError` subclass that matches `init.status`. */
export function apiErrorFor(init: APIErrorInit): APIError {
  const ErrorClass = byStatus.get(init.status) ?? (init.status >= 500 ? InternalServerError : APIError);
  return new ErrorClass(init);
}
