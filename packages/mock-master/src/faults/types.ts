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
  operationId?: string;
  method?: string;
  pathPattern?: string;
  times?: number;
  status?: FaultStatus;
  retryAfter?: number;
  latencyMs?: number;
  reset?: 'before-body' | 'during-body';
  truncate?: { afterBytes: number };
  slowBodyBytesPerSec?: number;
  probability?: number;
}

/** A registered fault and how often it has fired. */
export interface ActiveFault {
  readonly id: string;
  readonly spec: Readonly<FaultSpec>;
  /** Requests it still affects (Infinity when unlimited). */
  remaining: number;
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
