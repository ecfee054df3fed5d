/**
 * What the `Transport` makes of an attempt's outcome: whether (and after how long) to try again,
 * the typed error of a final failure or error status, and the debug log line.
 */
import { apiErrorFor } from './errors';
import type { Logger } from './logger';
import {
  backoffDelayMs,
  isRetryableFailure,
  isRetryableStatus,
  mapFailure,
  parseRetryAfter,
  type RetryPolicy,
} from './retry';
import type { Answer, Attempt, Outcome } from './transport-attempt';
import { headerValue, parseErrorBody } from './transport-support';

/** Milliseconds to wait before the next attempt, or `undefined` when this outcome is final. */
export function retryDelay(
  policy: RetryPolicy,
  attempt: Attempt,
  outcome: Outcome,
  retry: number,
): number | undefined {
  if (retry >= policy.retries) return undefined;
  if (!outcome.ok) {
    const { phase } = outcome.failure;
    if (phase === 'final' || !isRetryableFailure(policy, { method: attempt.method, phase })) return undefined;
    return backoffDelayMs(policy, retry + 1);
  }
  const retryAfter = headerValue(outcome.headers, 'retry-after');
  const hasRetryAfter = retryAfter !== undefined;
  if (!isRetryableStatus(policy, { method: attempt.method, status: outcome.status, hasRetryAfter }))
    return undefined;
  const hinted = parseRetryAfter(retryAfter);
  return hinted === undefined ? backoffDelayMs(policy, retry + 1) : Math.min(hinted, policy.backoffMaxMs);
}

/** The answer of a final outcome with a status below 300; anything else thrown as the SDK's typed error. */
export function finishAttempt(
  attempt: Attempt,
  outcome: Outcome,
  context: { readonly master: string; readonly attempts: number },
): Answer {
  const { method, path } = attempt;
  if (!outcome.ok) {
    const failureContext = {
      method,
      path,
      master: context.master,
      timeoutMs: attempt.timeoutMs,
      signal: attempt.signal,
    };
    throw mapFailure(outcome.error, outcome.failure, failureContext);
  }
  if (outcome.status < 300) return outcome;
  const requestId = headerValue(outcome.headers, 'x-request-id');
  const body = parseErrorBody(outcome.text);
  throw apiErrorFor({
    status: outcome.status,
    method,
    path,
    body,
    rawBody: outcome.text,
    requestId,
    attempts: context.attempts,
  });
}

/** Log one attempt (debug level): its status, or why it failed. */
export function logAttempt(
  logger: Logger,
  attempt: Attempt,
  outcome: Outcome,
  extra: { readonly retry: number; readonly durationMs: number },
): void {
  const { method, path } = attempt;
  if (outcome.ok) {
    logger.debug(`${method} ${path} ${outcome.status}`, {
      method,
      path,
      status: outcome.status,
      ...extra,
    });
  } else {
    const error = outcome.failure.description;
    logger.debug(`${method} ${path} failed: ${error}`, { method, path, error, ...extra });
  }
}
