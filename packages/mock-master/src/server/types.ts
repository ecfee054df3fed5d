import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { MockUser } from '../auth/mock-user';

export type { MockUser } from '../auth/mock-user';

/** A routed, validated request handed to a handler. */
export interface MockRequest {
  operationId: string;
  method: string;
  path: string;
  pathParams: Record<string, string | number>; // coerced by spec type (int32 → number)
  query: Record<string, unknown>; // coerced: integers → number, booleans → boolean, arrays always arrays, int64 kept as string
  body: unknown; // parsed + validated JSON (undefined when none)
  headers: IncomingHttpHeaders;
  user: MockUser | null;
  signal: AbortSignal;
}

/** What a handler returns: a JSON body, an NDJSON stream or a binary stream. */
export type MockResponse =
  | { status?: number; headers?: Record<string, string>; json: unknown }
  | { status?: number; headers?: Record<string, string>; ndjson: AsyncIterable<unknown> } // each item is already { result } or { error }
  | { status?: number; headers: Record<string, string>; stream: Readable }; // binary (archives)

/** Shared services available to every handler. */
export interface MockContext {
  state: import('../state').MockState;
  users: import('../auth').UserStore;
  now(): Date;
}

/** Handles one operation. */
export type Handler = (req: MockRequest, ctx: MockContext) => MockResponse | Promise<MockResponse>;
