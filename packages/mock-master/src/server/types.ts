import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { MockUser } from '../auth/mock-user';

export type { MockUser } from '../auth/mock-user';

/** A routed, validated request handed to a handler. */
export interface MockRequest {
  /** The spec operation the request was routed to. */
  operationId: string;
  /** HTTP method. */
  method: string;
  /** The request path, without the query. */
  path: string;
  /** Path parameters, coerced by their spec type (int32 → number). */
  pathParams: Record<string, string | number>;
  /** Query parameters, coerced: integers → number, booleans → boolean, arrays always arrays, int64 kept as string. */
  query: Record<string, unknown>;
  /** The parsed, validated JSON body (undefined when none). */
  body: unknown;
  /** The request headers. */
  headers: IncomingHttpHeaders;
  /** The user of the bearer token, or null for public operations. */
  user: MockUser | null;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

/** What a handler returns: a JSON body, an NDJSON stream or a binary stream. */
export type MockResponse =
  | {
      /** HTTP status (default 200). */
      status?: number;
      /** Extra response headers. */
      headers?: Record<string, string>;
      /** The JSON body, checked against the operation's response schema. */
      json: unknown;
    }
  | {
      /** HTTP status (default 200). */
      status?: number;
      /** Extra response headers. */
      headers?: Record<string, string>;
      /** NDJSON lines, each already `{ result }` or `{ error }`. */
      ndjson: AsyncIterable<unknown>;
    }
  | {
      /** HTTP status (default 200). */
      status?: number;
      /** Response headers (a binary body needs its `content-type`). */
      headers: Record<string, string>;
      /** A binary body (archives). */
      stream: Readable;
    };

/** Shared services available to every handler. */
export interface MockContext {
  /** The simulated cluster. */
  state: import('../state').MockState;
  /** The users and their sessions. */
  users: import('../auth').UserStore;
  /** The current virtual time. */
  now(): Date;
}

/** Handles one operation. */
export type Handler = (req: MockRequest, ctx: MockContext) => MockResponse | Promise<MockResponse>;
