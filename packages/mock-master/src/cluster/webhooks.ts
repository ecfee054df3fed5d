import { invalidArgument, notFound } from '../errors';
import type { Wire } from './types';

function isUrl(text: string): boolean {
  return URL.canParse(text) && /^[a-z][a-z0-9+.-]*:/i.test(text);
}

/** The master's checks of a new webhook. */
function checkWebhook(input: Wire['v1Webhook']): void {
  const triggers = input.triggers ?? [];
  if (triggers.length === 0) throw invalidArgument('at least one trigger required');
  if (!isUrl(input.url)) throw invalidArgument('valid url required');
  for (const t of triggers) {
    if (t.triggerType === 'TRIGGER_TYPE_TASK_LOG') {
      const m = t.condition ?? {};
      const keys = Object.keys(m);
      const shown = JSON.stringify(m);
      if (keys.length !== 1)
        throw invalidArgument(`webhook task log condition must have one key got ${shown}`);
      if (!('regex' in m))
        throw invalidArgument(`webhook task log condition must have key 'regex' got ${shown}`);
      if (typeof m.regex !== 'string')
        throw invalidArgument(`webhook task log condition must have key 'regex' as string got ${shown}`);
    }
    if (t.triggerType === 'TRIGGER_TYPE_CUSTOM' && input.mode !== 'WEBHOOK_MODE_SPECIFIC')
      throw invalidArgument(`custom trigger only works on webhook with mode 'SPECIFIC'. Got ${input.mode}`);
  }
}

/** A trigger of a stored webhook (ids assigned). */
export interface WebhookTrigger {
  id: number;
  triggerType: Wire['v1TriggerType'];
  condition: Record<string, unknown>;
  webhookId: number;
}

/** A stored webhook, in the API's shape with its id and triggers' ids assigned. */
export interface WebhookRecord {
  id: number;
  url: string;
  name: string;
  webhookType: Wire['v1WebhookType'];
  mode: Wire['v1WebhookMode'];
  workspaceId: number;
  triggers: WebhookTrigger[];
}

/** A custom event posted with PostWebhookEventData, for webhook delivery to pick up. */
export interface CustomWebhookEvent {
  receivedAt: string;
  experimentId: number;
  trialId: number;
  data: Wire['v1CustomWebhookEventData'];
}

/** A test delivery requested with TestWebhook. */
export interface WebhookTestRequest {
  webhookId: number;
  requestedAt: string;
}

/**
 * The webhooks of the master. A plain store: `list()` is what delivery reads; `customEvents` and
 * `testRequests` are appended by the API and left for delivery to consume.
 */
export class WebhookStore {
  private readonly hooks = new Map<number, WebhookRecord>();
  private nextId = 1;
  private nextTriggerId = 1;
  readonly customEvents: CustomWebhookEvent[] = [];
  readonly testRequests: WebhookTestRequest[] = [];

  /** Every webhook in id order. */
  list(): WebhookRecord[] {
    return [...this.hooks.values()].sort((a, b) => a.id - b.id);
  }

  /** The webhook, or NotFound. */
  get(id: number): WebhookRecord {
    const hook = this.hooks.get(id);
    if (!hook) throw notFound(`webhook with id ${id} not found`);
    return hook;
  }

  /** Stores a new webhook from a `v1Webhook` body. */
  create(input: Wire['v1Webhook']): WebhookRecord {
    checkWebhook(input);
    const id = this.nextId++;
    const hook: WebhookRecord = {
      id,
      url: input.url,
      name: input.name,
      webhookType:
        input.webhookType === 'WEBHOOK_TYPE_UNSPECIFIED' ? 'WEBHOOK_TYPE_DEFAULT' : input.webhookType,
      mode: input.mode === 'WEBHOOK_MODE_UNSPECIFIED' ? 'WEBHOOK_MODE_WORKSPACE' : input.mode,
      workspaceId: input.workspaceId ?? 0,
      triggers: (input.triggers ?? []).map((t) => ({
        id: this.nextTriggerId++,
        triggerType: t.triggerType ?? 'TRIGGER_TYPE_UNSPECIFIED',
        condition: t.condition ?? {},
        webhookId: id,
      })),
    };
    this.hooks.set(id, hook);
    return hook;
  }

  /** Changes a webhook's URL. */
  patchUrl(id: number, url: string): WebhookRecord {
    const hook = this.get(id);
    if (!isUrl(url)) throw invalidArgument('valid url required');
    hook.url = url;
    return hook;
  }

  /** Deletes a webhook (NotFound when absent). */
  delete(id: number): void {
    this.get(id);
    this.hooks.delete(id);
  }
}
