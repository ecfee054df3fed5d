import { renderAgent, renderSlot } from '../cluster/render-agents';
import type { Handler, MockRequest } from '../server/types';
import { ordered, reply, requireAdmin } from './cluster-util';
import { pageOf } from './paging';
import { body, pathStr, qBool, qStr } from './util';

function enable(enabled: boolean, scope: 'agent' | 'slot'): Handler {
  return (req: MockRequest, { state }) => {
    requireAdmin(req);
    const agentId = pathStr(req, 'agentId');
    const drain = body(req).drain === true;
    const { cluster } = state;
    if (scope === 'agent') {
      cluster.setEnabled({ agentId }, enabled, drain);
      return reply('v1EnableAgentResponse', { agent: renderAgent(cluster, cluster.agents.get(agentId)) });
    }
    const slotId = pathStr(req, 'slotId');
    cluster.setEnabled({ agentId, slotId }, enabled, drain);
    return reply('v1EnableSlotResponse', { slot: renderSlot(cluster, cluster.agents.slot(agentId, slotId)) });
  };
}

/** Agents and slots: listing, enabling and disabling (admin only, as with the basic authorizer). */
export const agentHandlers: Readonly<Record<string, Handler>> = {
  GetAgents: (req, { state }) => {
    state.sync();
    const { cluster } = state;
    const options = {
      excludeSlots: qBool(req, 'excludeSlots') === true,
      excludeContainers: qBool(req, 'excludeContainers') === true,
    };
    const byTime = qStr(req, 'sortBy') === 'SORT_BY_TIME';
    const agents = ordered(
      cluster.agents.list(),
      (a) => (byTime ? a.registeredTime : a.id),
      qStr(req, 'orderBy'),
    );
    const { page, pagination } = pageOf(agents, req);
    return reply('v1GetAgentsResponse', {
      agents: page.map((a) => renderAgent(cluster, a, options)),
      pagination,
    });
  },
  GetAgent: (req, { state }) => {
    state.sync();
    return reply('v1GetAgentResponse', {
      agent: renderAgent(state.cluster, state.cluster.agents.get(pathStr(req, 'agentId'))),
    });
  },
  GetSlots: (req, { state }) => {
    state.sync();
    const agent = state.cluster.agents.get(pathStr(req, 'agentId'));
    return reply('v1GetSlotsResponse', { slots: agent.slots.map((s) => renderSlot(state.cluster, s)) });
  },
  GetSlot: (req, { state }) => {
    state.sync();
    const slot = state.cluster.agents.slot(pathStr(req, 'agentId'), pathStr(req, 'slotId'));
    return reply('v1GetSlotResponse', { slot: renderSlot(state.cluster, slot) });
  },
  EnableAgent: enable(true, 'agent'),
  DisableAgent: enable(false, 'agent'),
  EnableSlot: enable(true, 'slot'),
  DisableSlot: enable(false, 'slot'),
};
