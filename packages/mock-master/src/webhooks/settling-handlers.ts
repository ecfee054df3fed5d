import type { Handler } from '../server/types';
import type { WebhookDelivery } from './delivery';

/** Longest a response waits for webhook deliveries (real ms): a slow endpoint delays, never blocks. */
const SETTLE_CAP_MS = 1000;

/**
 * Wraps handlers so that each answer waits for the webhook events its request brought about
 * (see {@link WebhookDelivery.settle}).
 */
export function settlingWebhooks(
  handlers: Readonly<Record<string, Handler>>,
  delivery: WebhookDelivery,
): Record<string, Handler> {
  return Object.fromEntries(
    Object.entries(handlers).map(([operationId, handler]): [string, Handler] => [
      operationId,
      async (req, ctx) => {
        const response = await handler(req, ctx);
        await delivery.settle(SETTLE_CAP_MS);
        return response;
      },
    ]),
  );
}
