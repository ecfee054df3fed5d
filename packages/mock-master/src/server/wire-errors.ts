import { z } from 'zod';
import { GrpcCode, grpcReason } from '../errors';

/**
 * The master's unary error body (`master/internal/grpcutil/errors.go`): not the spec's
 * `runtimeError`, which is the gateway library's default the master replaces.
 */
export interface MasterErrorBody {
  /** The error, as the master's gateway writes it. */
  error: {
    /** The gRPC code. */
    code: number;
    /** The gRPC code's name (`NotFound`, ...). */
    reason: string;
    /** The message. */
    error: string;
  };
}

/** The body of an error on the master's echo routes and unknown paths. */
export interface EchoErrorBody {
  /** The message. */
  message: string;
}

/**
 * Builds the master's unary error body. A status whose code is Unknown is sent as Internal, as
 * the master's error handler does.
 */
export function masterErrorBody(code: number, message: string): MasterErrorBody {
  const sent = code === GrpcCode.Unknown ? GrpcCode.Internal : code;
  return { error: { code: sent, reason: grpcReason(sent), error: message } };
}

/** Builds the body of an error on an echo route or an unknown path. */
export function echoErrorBody(message: string): EchoErrorBody {
  return { message };
}

/** What the response validator checks error bodies against: the wire facts, not `runtimeError`. */
export const wireErrorSchemas = {
  master: z.strictObject({
    error: z.strictObject({ code: z.number().int(), reason: z.string(), error: z.string() }),
  }),
  echo: z.strictObject({ message: z.string() }),
} as const;
