/** HTTP statuses a fault can answer with. */
export type FaultStatus = 429 | 500 | 502 | 503 | 504;

/**
 * A fault to inject. It matches by `operationId`, or by `method` and/or `pathPattern` (a spec path
 * template such as `/api/v1/experiments/{experimentId}`, or a glob on the request path where `*`
 * matches within one segment and `**` across segments). Effects:
 * - `latencyMs`: delay before the request is handled;
 * - `status` (+ `retryAfter` seconds): answer with that status and a `runtimeError` body, without
 *   running the handler;
 * - `reset`: run the handler, then drop the connection before the body (`before-body`, the client
 *   sees no response) or after sending the headers and part of the body (`during-body`);
 * - `truncate.afterBytes`: send only that many body bytes, then end the response cleanly (chunked);
 * - `slowBodyBytesPerSec`: trickle the body out at that rate.
 * `times` limits how many matching requests it affects (unlimited by default); `probability`
 * (0..1) applies it to that share of matching requests, drawn from the mock's seeded PRNG.
 */
export interface FaultSpec {
  /** Match requests routed to this operation. */
  operationId?: string;
  /** Match requests with this HTTP method. */
  method?: string;
  /** Match requests whose path fits this spec template or glob. */
  pathPattern?: string;
  /** Affect at most this many matching requests (default: all). */
  times?: number;
  /** Answer with this status and a `runtimeError` body instead of running the handler. */
  status?: FaultStatus;
  /** `Retry-After` seconds sent with `status`. */
  retryAfter?: number;
  /** Delay before the request is handled. */
  latencyMs?: number;
  /** Drop the connection before the body, or part way through it. */
  reset?: 'before-body' | 'during-body';
  /** End the body cleanly after some bytes. */
  truncate?: {
    /** Body bytes sent before the response ends. */
    afterBytes: number;
  };
  /** Trickle the body out at this rate. */
  slowBodyBytesPerSec?: number;
  /** Share (0..1) of matching requests affected, drawn from the seeded PRNG. */
  probability?: number;
}

/** A registered fault and how often it has fired. */
export interface ActiveFault {
  /** The id `add` returned. */
  readonly id: string;
  /** The fault as registered. */
  readonly spec: Readonly<FaultSpec>;
  /** Requests it still affects (Infinity when unlimited). */
  remaining: number;
  /** Requests it has affected so far. */
  hits: number;
}

/** What a request is matched against. */
export interface FaultTarget {
  operationId: string | null;
  method: string;
  /** The request path as sent (no query). */
  path: string;
  /** The spec path template of the routed operation. */
  pathTemplate: string | null;
}

/** The fault API exposed on a running mock. */
export interface FaultController {
  /** Registers a fault; returns its id. */
  add(spec: FaultSpec): string;
  /** Removes one fault; false when unknown. */
  remove(id: string): boolean;
  /** Removes every fault. */
  clear(): void;
  /** The registered faults. */
  list(): readonly ActiveFault[];
}
