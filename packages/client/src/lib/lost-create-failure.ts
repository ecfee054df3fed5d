/**
 * What the failure of a create request (a `POST` the transport never re-sends) says about
 * whether the master may have carried it out.
 */
import { AbortError, APIError, ConnectionError, TimeoutError } from '../core/errors';
import { classifyFailure } from '../core/retry';

/**
 * - `not-sent`: the request certainly did not reach the master (no connection could be made, or
 *   the TLS handshake failed), so nothing was created;
 * - `lost`: the request was sent and its answer lost (connection reset or cut, a 5xx that a proxy
 *   may have sent after forwarding it): the master may have created the object;
 * - `pending`: as `lost`, but after a timeout (ours, or a 504): the master may still be working on
 *   it, so finding nothing now does not prove it will not be created;
 * - `answered`: anything else (an answer of the master such as 4xx, an abort, a client-side
 *   error): the error stands as it is.
 */
export type CreateFailureKind = 'not-sent' | 'lost' | 'pending' | 'answered';

// 501 is the master's `Unimplemented`: it answered, and did nothing.
const UNIMPLEMENTED = 501;
const GATEWAY_TIMEOUT = 504;

/** Classify the error a create request rejected with. */
export function classifyCreateFailure(error: unknown): CreateFailureKind {
  if (error instanceof AbortError) return 'answered';
  if (error instanceof TimeoutError) return 'pending';
  if (error instanceof ConnectionError) {
    // The transport keeps the network error as `cause`; its code tells whether anything was sent.
    const { phase, reason } = classifyFailure(error.cause, { timedOut: false, aborted: false });
    if (phase === 'connect' || reason === 'certificate') return 'not-sent';
    return 'lost';
  }
  if (error instanceof APIError) {
    if (error.status === GATEWAY_TIMEOUT) return 'pending';
    if (error.status >= 500 && error.status !== UNIMPLEMENTED) return 'lost';
  }
  return 'answered';
}
