import { MockHttpError } from './types';

/** gRPC status codes the master puts in `runtimeError.code`. */
export const GrpcCode = {
  Cancelled: 1,
  Unknown: 2,
  InvalidArgument: 3,
  DeadlineExceeded: 4,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Aborted: 10,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  Unauthenticated: 16,
} as const;

/** The master's `runtimeError` JSON body. */
export interface RuntimeErrorBody {
  error: string;
  code: number;
  message: string;
  details: unknown[];
}

/** Builds the master's `runtimeError` JSON body. */
export function runtimeErrorBody(code: number, message: string): RuntimeErrorBody {
  return { error: message, code, message, details: [] };
}

/** A 400 InvalidArgument error. */
export function invalidArgument(message: string): MockHttpError {
  return new MockHttpError(400, GrpcCode.InvalidArgument, message);
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
