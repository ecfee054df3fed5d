/** Telling a cut connection from a failure that reading again would only repeat. */
import { ConnectionError, StreamError } from '../../core/errors';

/**
 * True for a stream whose connection was lost (reset, closed before its end), which a follow
 * reads again; false for an error line of the master, a malformed line or anything else.
 */
export function isStreamCut(error: unknown): boolean {
  if (error instanceof ConnectionError) return true;
  if (!(error instanceof StreamError) || error.streamError !== undefined) return false;
  return (
    error.message.startsWith('the stream broke') || error.message.startsWith('the stream ended in the middle')
  );
}
