// Which registered webhooks an event goes to, as master/internal/webhooks decides it.
import { isJsonObject, type JsonObject } from '../state/records';
import type { RegisteredWebhook } from './types';

/** An experiment config's `integrations.webhooks` (`WebhooksConfigV0`). */
export interface WebhooksConfig {
  exclude: boolean;
  webhookIds: readonly number[] | null;
  webhookNames: readonly string[] | null;
}

/** Reads `integrations.webhooks` of an experiment config; null when absent. */
export function webhooksConfigOf(config: JsonObject): WebhooksConfig | null {
  const integrations = config.integrations;
  if (!isJsonObject(integrations) || !isJsonObject(integrations.webhooks)) return null;
  const w = integrations.webhooks;
  const ids = Array.isArray(w.webhook_id) ? w.webhook_id.filter((v) => typeof v === 'number') : null;
  const names = Array.isArray(w.webhook_name)
    ? w.webhook_name.filter((v): v is string => typeof v === 'string')
    : null;
  return { exclude: w.exclude === true, webhookIds: ids, webhookNames: names };
}

/**
 * The master's `matchWebhook`: excluded experiments match nothing; workspace webhooks match their
 * workspace only; SPECIFIC webhooks match experiments whose config names them by id or name.
 */
export function matchesWebhook(
  webhook: RegisteredWebhook,
  config: WebhooksConfig | null,
  workspaceId: number,
  experimentId: number | null,
): boolean {
  if (config?.exclude === true) return false;
  if (webhook.workspaceId !== 0 && webhook.workspaceId !== workspaceId) return false;
  if (webhook.mode !== 'WEBHOOK_MODE_SPECIFIC') return true;
  if (experimentId === null || config === null) return false;
  return (
    (config.webhookIds?.includes(webhook.id) ?? false) ||
    (config.webhookNames?.includes(webhook.name) ?? false)
  );
}

/** The webhooks a custom event of an experiment goes to (`handleCustomTriggerData`): named in its config only. */
export function customEventTargets(
  webhooks: readonly RegisteredWebhook[],
  config: WebhooksConfig | null,
  workspaceId: number,
): RegisteredWebhook[] {
  if (config === null || config.exclude) return [];
  const inWorkspace = (w: RegisteredWebhook) => w.workspaceId === 0 || w.workspaceId === workspaceId;
  const byId = (config.webhookIds ?? []).flatMap((id) =>
    webhooks.filter((w) => w.id === id && inWorkspace(w)),
  );
  const byName = (config.webhookNames ?? []).flatMap((name) =>
    webhooks.filter((w) => w.name === name && w.workspaceId === workspaceId),
  );
  return [...byId, ...byName];
}

// The master skips the trial log line that prints the expconf (it contains the patterns).
const EXPCONF_LINE = /(.*)("log_policies":)(.*)/;

/** Compiles a TASK_LOG trigger's regex (Go RE2 syntax, close to JavaScript's); null when invalid. */
export function compileLogRegex(pattern: unknown): RegExp | null {
  if (typeof pattern !== 'string') return null;
  try {
    return new RegExp(pattern);
  } catch {
    return null;
  }
}

/** True when a log line triggers a TASK_LOG webhook with `regex`. */
export function logLineMatches(regex: RegExp, line: string): boolean {
  return !EXPCONF_LINE.test(line) && regex.test(line);
}
