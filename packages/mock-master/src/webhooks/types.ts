import type { Wire } from '../state/wire';

/** A webhook trigger as delivery reads it (`v1Trigger` with its condition as JSON). */
export interface RegisteredTrigger {
  readonly triggerType: Wire['v1TriggerType'];
  readonly condition: Readonly<Record<string, unknown>>;
}

/** A registered webhook as delivery reads it (the webhook store's records satisfy it). */
export interface RegisteredWebhook {
  readonly id: number;
  readonly url: string;
  readonly name: string;
  readonly webhookType: Wire['v1WebhookType'];
  readonly mode: Wire['v1WebhookMode'];
  /** 0 for a global webhook. */
  readonly workspaceId: number;
  readonly triggers: readonly RegisteredTrigger[];
}

/** What delivery needs from the webhook store: the registered webhooks and queued API requests. */
export interface WebhookSource {
  list(): readonly RegisteredWebhook[];
  /** Events posted with PostWebhookEventData; delivery removes what it consumed. */
  readonly customEvents: Array<{
    experimentId: number;
    trialId: number;
    data: { title?: string | null; description?: string | null; level?: string | null };
  }>;
  /** TestWebhook requests; delivery removes what it consumed. */
  readonly testRequests: Array<{ webhookId: number }>;
}

/** One POST to make: a payload for a webhook URL. */
export interface WebhookEvent {
  url: string;
  payload: string;
}
