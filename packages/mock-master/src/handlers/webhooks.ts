import type { Wire } from '../cluster/types';
import type { WebhookRecord } from '../cluster/webhooks';
import { notFound, permissionDenied } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import type { MockState } from '../state/mock-state';
import { reply } from './cluster-util';
import { body, ok, pathInt, userOf } from './util';

/** The basic authorizer: admins edit every webhook, a workspace's owner that workspace's ones. */
function authorizeEdit(req: MockRequest, state: MockState, workspaceId: number): void {
  const user = userOf(req);
  if (workspaceId > 0) {
    const ws = state.workspaces.get(workspaceId);
    if (!ws) throw notFound(`workspace '${workspaceId}' not found`);
    if (ws.userId === user.id) return;
  }
  if (!user.admin) throw permissionDenied("non admin users can't edit global webhooks");
}

function visible(req: MockRequest, state: MockState, hook: WebhookRecord): boolean {
  const user = userOf(req);
  return user.admin || state.workspaces.get(hook.workspaceId)?.userId === user.id;
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
