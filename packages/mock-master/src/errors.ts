/**
 * The mock master's one error module: the error handlers, state and auth throw, with its gRPC code.
 * A leaf: it imports nothing of the package, so every layer can use it.
 */

/** Thrown by handlers; answered by the server in the master's error shape. */
export class MockHttpError extends Error {
  constructor(
    /** HTTP status of the answer. */
    readonly status: number,
    /** gRPC code in the body's `code` (one of {@link GrpcCode}). */
    readonly grpcCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** gRPC status codes the master puts in `runtimeError.code`. */
export const GrpcCode = {
  /** The operation was cancelled (HTTP 499). */
  Cancelled: 1,
  /** An unknown error (HTTP 500). */
  Unknown: 2,
  /** A bad parameter or body (HTTP 400). */
  InvalidArgument: 3,
  /** A deadline passed (HTTP 504). */
  DeadlineExceeded: 4,
  /** The entity does not exist (HTTP 404). */
  NotFound: 5,
  /** The entity exists already (HTTP 409). */
  AlreadyExists: 6,
  /** Authenticated but not allowed (HTTP 403). */
  PermissionDenied: 7,
  /** Out of some quota (HTTP 429). */
  ResourceExhausted: 8,
  /** The entity is not in a state that allows the operation (HTTP 400). */
  FailedPrecondition: 9,
  /** A concurrency conflict (HTTP 409). */
  Aborted: 10,
  /** Not implemented (HTTP 501). */
  Unimplemented: 12,
  /** An internal error (HTTP 500). */
  Internal: 13,
  /** The service is unavailable (HTTP 503). */
  Unavailable: 14,
  /** No valid credentials (HTTP 401). */
  Unauthenticated: 16,
} as const;

/** gRPC code names as Go's `codes.Code.String()` writes them (the `reason` of the master's error body). */
const GRPC_REASONS: readonly string[] = [
  'OK',
  'Canceled',
  'Unknown',
  'InvalidArgument',
  'DeadlineExceeded',
  'NotFound',
  'AlreadyExists',
  'PermissionDenied',
  'ResourceExhausted',
  'FailedPrecondition',
  'Aborted',
  'OutOfRange',
  'Unimplemented',
  'Internal',
  'Unavailable',
  'DataLoss',
  'Unauthenticated',
];

/** The name of a gRPC code (`NotFound`, ...), as in the `reason` of the master's error body. */
export function grpcReason(code: number): string {
  return GRPC_REASONS[code] ?? `Code(${code})`;
}

/** HTTP statuses of grpc-gateway's `HTTPStatusFromCode` (v1), indexed by gRPC code. */
const GATEWAY_HTTP_STATUS: readonly number[] = [
  200, 408, 500, 400, 504, 404, 409, 403, 429, 400, 409, 400, 501, 500, 503, 500, 401,
];

/** The HTTP status the master's gateway answers a gRPC code with. */
export function httpStatusForGrpc(code: number): number {
  return GATEWAY_HTTP_STATUS[code] ?? 500;
}

/** The gRPC code a plain HTTP status corresponds to (used for injected faults). */
export function grpcCodeForStatus(status: number): number {
  switch (status) {
    case 400:
      return GrpcCode.InvalidArgument;
    case 401:
      return GrpcCode.Unauthenticated;
    case 403:
      return GrpcCode.PermissionDenied;
    case 404:
      return GrpcCode.NotFound;
    case 409:
      return GrpcCode.AlreadyExists;
    case 429:
      return GrpcCode.ResourceExhausted;
    case 501:
      return GrpcCode.Unimplemented;
    case 502:
    case 503:
      return GrpcCode.Unavailable;
    case 504:
      return GrpcCode.DeadlineExceeded;
    default:
      return status >= 500 ? GrpcCode.Internal : GrpcCode.Unknown;
  }
}

/** Renders a user-supplied value for an error message, shortened so huge inputs stay readable. */
export function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A MockHttpError whose response carries extra headers (`Allow`, `Retry-After`). */
export class MockHttpErrorWithHeaders extends MockHttpError {
  constructor(
    status: number,
    grpcCode: number,
    message: string,
    readonly headers: Readonly<Record<string, string>>,
  ) {
    super(status, grpcCode, message);
  }
}

/** 400 InvalidArgument. */
export function invalidArgument(message: string): MockHttpError {
  return new MockHttpError(400, 3, message);
}

/** 404 NotFound. */
export function notFound(message: string): MockHttpError {
  return new MockHttpError(404, 5, message);
}

/** 409 AlreadyExists. */
export function alreadyExists(message: string): MockHttpError {
  return new MockHttpError(409, 6, message);
}

/** 403 PermissionDenied. */
export function permissionDenied(message: string): MockHttpError {
  return new MockHttpError(403, 7, message);
}

/** 400 FailedPrecondition (grpc-gateway maps it to 400). */
export function failedPrecondition(message: string): MockHttpError {
  return new MockHttpError(400, 9, message);
}
