import { setTimeout as sleep } from 'node:timers/promises';
import type { MockLogger } from '../server/logger';
import { WebhookEventSource, type WebhookHost } from './event-source';
import { signatureHeaders } from './sign';
import type { WebhookEvent, WebhookSource } from './types';

/** Options of {@link WebhookDelivery}. */
export interface WebhookDeliveryOptions {
  host: WebhookHost & { sync(): void };
  source: WebhookSource;
  /** The master's `webhooks.signing_key`. */
  signingKey: string;
  /** How often (real ms) the mock looks for events; default 50. */
  intervalMs?: number;
  /** Attempts per event (the master retries 5xx and network errors with backoff); default 5. */
  attempts?: number;
  logger?: MockLogger | undefined;
}

/**
 * Delivers the mock's webhook events like the master's shipper: each event is POSTed to its URL
 * with the signature headers, each in its own task (one slow or dead endpoint holds up no other
 * event); 5xx answers and network errors are retried with exponential backoff, 4xx answers are
 * final. The simulation advances on a timer while webhooks are registered, so events go out
 * without any client polling, as on a real master.
 */
export class WebhookDelivery {
  private readonly events: WebhookEventSource;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  /** Deliveries under way (with their retries). */
  private readonly sending = new Set<Promise<void>>();
  /** Deliveries whose first attempt has not finished yet. */
  private readonly firstAttempts = new Set<Promise<void>>();

  constructor(private readonly options: WebhookDeliveryOptions) {
    this.events = new WebhookEventSource(options.host, options.source);
  }

  /** Starts watching for events. */
  start(): void {
    this.timer ??= setInterval(() => this.tick(), this.options.intervalMs ?? 50);
    this.timer.unref();
  }

  /** Looks for new events now and starts sending them. */
  tick(): void {
    if (this.controller.signal.aborted) return;
    if (this.options.source.list().length > 0) this.options.host.sync();
    for (const event of this.events.collect()) {
      let firstDone: () => void = () => undefined;
      const first = new Promise<void>((resolve) => {
        firstDone = resolve;
      });
      this.firstAttempts.add(first);
      void first.then(() => this.firstAttempts.delete(first));
      const sending = this.deliver(event, firstDone).finally(() => {
        firstDone();
        this.sending.delete(sending);
      });
      this.sending.add(sending);
    }
  }

  /** Resolves once every event found so far has been sent (or given up on). */
  async flush(): Promise<void> {
    this.tick();
    while (this.sending.size > 0) await Promise.all([...this.sending]);
  }

  /**
   * Looks for new events now and waits (at most `capMs` real ms) until the first attempt of
   * every event found so far has ended. The server calls it before answering a request, so that
   * an event goes out no later than a client can see the state change behind it, as on the
   * master, whose shipper sends at the change itself.
   */
  async settle(capMs: number): Promise<void> {
    if (this.options.source.list().length === 0 && this.firstAttempts.size === 0) return;
    this.tick();
    if (this.firstAttempts.size === 0) return;
    const cap = new AbortController();
    await Promise.race([
      Promise.all([...this.firstAttempts]),
      sleep(capMs, undefined, { signal: cap.signal }).catch(() => undefined),
    ]);
    cap.abort();
  }

  /** Stops watching and abandons unsent events. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.controller.abort();
    await Promise.all([...this.sending].map((p) => p.catch(() => undefined)));
  }

  private async deliver(event: WebhookEvent, firstAttemptDone: () => void): Promise<void> {
    const attempts = this.options.attempts ?? 5;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const headers = signatureHeaders({
        key: this.options.signingKey,
        body: event.payload,
        unixSeconds: Math.floor(Date.now() / 1000),
      });
      try {
        const res = await fetch(event.url, {
          method: 'POST',
          headers,
          body: event.payload,
          signal: this.controller.signal,
        });
        await res.arrayBuffer();
        if (res.status < 500) {
          if (res.status >= 400) this.options.logger?.warn?.(`webhook ${event.url} answered ${res.status}`);
          return;
        }
      } catch (error) {
        if (this.controller.signal.aborted) return;
        this.options.logger?.warn?.(`webhook ${event.url} failed: ${String(error)}`);
      }
      firstAttemptDone();
      if (attempt < attempts) {
        await sleep(100 * 2 ** (attempt - 1), undefined, { signal: this.controller.signal }).catch(() => {});
      }
    }
  }
}
