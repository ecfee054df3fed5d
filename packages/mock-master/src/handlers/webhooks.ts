import type { Wire } from '../cluster/types';
import type { WebhookRecord } from '../cluster/webhooks';
import type { Handler, MockRequest } from '../server/types';
import type { MockState } from '../state/mock-state';
import { reply } from './cluster-util';
import { body, ok, pathInt, userOf } from './util';
import { plainError } from './workspace-rules';

/**
 * The OSS master's webhook authorizer: the owner of a webhook's workspace or an admin may edit
 * it. Its refusal is a plain error, which the master sends as Internal (HTTP 500).
 */
function authorizeEdit(req: MockRequest, state: MockState, workspaceId: number): void {
  const user = userOf(req);
  if (workspaceId > 0) {
    const ws = state.workspaces.get(workspaceId);
    if (!ws) throw plainError('sql: no rows in result set');
    if (ws.userId === user.id) return;
  }
  if (!user.admin) throw plainError("non admin users can't edit global webhooks");
}

// As the master's listing: global webhooks for everyone, a workspace's webhooks for admins and
// the workspace's owner.
function visible(req: MockRequest, state: MockState, hook: WebhookRecord): boolean {
  const user = userOf(req);
  if (user.admin || hook.workspaceId <= 0) return true;
  return state.workspaces.get(hook.workspaceId)?.userId === user.id;
}

/** Webhooks: CRUD, test deliveries and custom events (delivery itself reads the store). */
export const webhookHandlers: Readonly<Record<string, Handler>> = {
  GetWebhooks: (req, { state }) =>
    reply('v1GetWebhooksResponse', {
      webhooks: state.cluster.webhooks.list().filter((h) => visible(req, state, h)),
    }),
  PostWebhook: (req, { state }) => {
    const webhook = body(req) as Wire['v1Webhook'];
    authorizeEdit(req, state, webhook.workspaceId ?? 0);
    return reply('v1PostWebhookResponse', { webhook: state.cluster.webhooks.create(webhook) });
  },
  PatchWebhook: (req, { state }) => {
    const id = pathInt(req, 'id');
    authorizeEdit(req, state, state.cluster.webhooks.get(id).workspaceId);
    const url = String(body(req).url ?? '');
    state.cluster.webhooks.patchUrl(id, url);
    return ok({});
  },
  DeleteWebhook: (req, { state }) => {
    const id = pathInt(req, 'id');
    authorizeEdit(req, state, state.cluster.webhooks.get(id).workspaceId);
    state.cluster.webhooks.delete(id);
    return ok({});
  },
  TestWebhook: (req, { state }) => {
    const id = pathInt(req, 'id');
    authorizeEdit(req, state, state.cluster.webhooks.get(id).workspaceId);
    state.cluster.webhooks.testRequests.push({ webhookId: id, requestedAt: state.nowIso() });
    return reply('v1TestWebhookResponse', { completed: true });
  },
  PostWebhookEventData: (req, { state }) => {
    const b = body(req);
    const experimentId = Number(b.experimentId);
    state.experiment(experimentId);
    const trialId = typeof b.trialId === 'number' ? b.trialId : 0;
    if (trialId > 0) state.trial(trialId);
    state.cluster.webhooks.customEvents.push({
      receivedAt: state.nowIso(),
      experimentId,
      trialId,
      data: (b.data ?? {}) as Wire['v1CustomWebhookEventData'],
    });
    return ok({});
  },
};
