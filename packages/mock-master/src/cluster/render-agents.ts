import type { AgentRecord, SlotRecord } from './agents';
import type { ClusterState } from './cluster-state';
import { containerState } from './task-records';
import type { Wire } from './types';

/** The container of an allocation (a task's or a trial's), or null when it has none. */
export function containerOf(cluster: ClusterState, allocationId: string): Wire['v1Container'] | null {
  const devices = cluster.agents.slotsOf(allocationId).map((s) => s.device);
  const task = [...cluster.tasks.values()].find((t) => t.allocationId === allocationId);
  if (task) {
    if (task.scheduledMs === null) return null;
    return {
      parent: '',
      id: task.containerId,
      state: containerState(cluster.stateOf(task)),
      devices,
      permissionDenied: false,
    };
  }
  const trial = [...cluster.trialAllocations.values()].find((a) => a.allocationId === allocationId);
  if (!trial) return null;
  return {
    parent: '',
    id: `trial-${trial.trialId}-container`,
    state: 'STATE_RUNNING',
    devices,
    permissionDenied: false,
  };
}

/** A slot as `v1Slot`. */
export function renderSlot(cluster: ClusterState, slot: SlotRecord): Wire['v1Slot'] {
  return {
    id: String(slot.deviceId),
    device: { ...slot.device },
    enabled: slot.enabled,
    container: slot.owner === null ? null : containerOf(cluster, slot.owner),
    draining: slot.draining,
  };
}

function slotStats(slots: readonly Wire['v1Slot'][]): Wire['v1SlotStats'] {
  const typeStats: Record<string, Wire['v1DeviceStats']> = {};
  const brandStats: Record<string, Wire['v1DeviceStats']> = {};
  for (const slot of slots) {
    const keys: Array<[Record<string, Wire['v1DeviceStats']>, string]> = [
      [typeStats, slot.device?.type ?? 'TYPE_UNSPECIFIED'],
      [brandStats, slot.device?.brand ?? ''],
    ];
    for (const [table, key] of keys) {
      const stats = table[key] ?? { states: {}, draining: 0, disabled: 0, total: 0 };
      stats.total += 1;
      if (!slot.enabled) stats.disabled += 1;
      if (slot.draining) stats.draining += 1;
      const state = slot.container?.state;
      if (state !== undefined && stats.states) stats.states[state] = (stats.states[state] ?? 0) + 1;
      table[key] = stats;
    }
  }
  return { typeStats, brandStats };
}

/** An agent as `v1Agent` (slots keyed `/agents/<id>/slots/<n>` like the master). */
export function renderAgent(
  cluster: ClusterState,
  agent: AgentRecord,
  options: { excludeSlots?: boolean; excludeContainers?: boolean } = {},
): Wire['v1Agent'] {
  const slots: Record<string, Wire['v1Slot']> = {};
  const containers: Record<string, Wire['v1Container']> = {};
  for (const slot of agent.slots) {
    const rendered = renderSlot(cluster, slot);
    slots[`/agents/${agent.id}/slots/${slot.deviceId}`] = rendered;
    if (rendered.container) containers[rendered.container.id] = rendered.container;
  }
  for (const owner of agent.auxOwners) {
    const container = containerOf(cluster, owner);
    if (container) containers[container.id] = container;
  }
  return {
    id: agent.id,
    registeredTime: agent.registeredTime,
    slots: options.excludeSlots ? null : slots,
    containers: options.excludeContainers ? null : containers,
    addresses: [...agent.addresses],
    enabled: agent.enabled,
    draining: agent.draining,
    version: '0.38.1',
    resourcePools: [agent.resourcePool],
    slotStats: slotStats(Object.values(slots)),
  };
}
