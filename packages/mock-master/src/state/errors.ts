import { MockHttpError } from '../server/types';

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
