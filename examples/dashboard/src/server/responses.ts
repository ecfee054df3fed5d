/** JSON answers and the HTTP status of each failure. */
import type { ServerResponse } from 'node:http';
import { APIError, CheckpointStateError, InvalidArgumentError, TimeoutError } from '@determined-ts/client';

/** A request the dashboard cannot serve, with its status. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Sends `body` as JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/**
 * The status and message for a failure: ours as they are, the master's 4xx passed on (404 stays
 * 404), its other failures as 502 Bad Gateway, a timeout as 504.
 */
export function describeFailure(error: unknown): { status: number; message: string } {
  if (error instanceof HttpError) return { status: error.status, message: error.message };
  if (error instanceof CheckpointStateError) return { status: 409, message: error.message };
  if (error instanceof InvalidArgumentError) return { status: 400, message: error.message };
  if (error instanceof TimeoutError) return { status: 504, message: error.message };
  if (error instanceof APIError && error.status >= 400 && error.status < 500 && error.status !== 401) {
    return { status: error.status, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: 502, message: `The master could not answer: ${message}` };
}
