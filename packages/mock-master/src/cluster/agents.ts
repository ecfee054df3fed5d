import { notFound } from '../errors';
import type { Wire } from './types';

/** Device types an agent's slots can have. */
export type SlotType = 'TYPE_CPU' | 'TYPE_CUDA' | 'TYPE_ROCM';

/** One simulated agent as a scenario describes it. */
export interface AgentSpec {
  id: string;
  slots: number;
  slotType: SlotType;
  resourcePool: string;
}

/** A slot (one device) of an agent. */
export interface SlotRecord {
  readonly agentId: string;
  readonly deviceId: number;
  readonly device: Wire['v1Device'];
  enabled: boolean;
  draining: boolean;
  /** The allocation whose container uses the slot. */
  owner: string | null;
}

/** A simulated agent. */
export interface AgentRecord {
  readonly id: string;
  readonly registeredTime: string;
  readonly resourcePool: string;
  readonly addresses: string[];
  enabled: boolean;
  draining: boolean;
  slots: SlotRecord[];
  /** Allocations running on the agent without a slot (zero-slot containers). */
  auxOwners: Set<string>;
}

const BRANDS: Readonly<Record<SlotType, string>> = {
  TYPE_CPU: 'Mock CPU',
  TYPE_CUDA: 'NVIDIA A100-SXM4-40GB',
  TYPE_ROCM: 'AMD Instinct MI210',
};

function newSlot(agentId: string, index: number, type: SlotType): SlotRecord {
  const uuid = type === 'TYPE_CPU' ? '' : `GPU-${agentId}-${index}`;
  return {
    agentId,
    deviceId: index,
    device: { id: index, brand: BRANDS[type], uuid, type },
    enabled: true,
    draining: false,
    owner: null,
  };
}

function usable(agent: AgentRecord, slot: SlotRecord): boolean {
  return agent.enabled && !agent.draining && slot.enabled && !slot.draining && slot.owner === null;
}

/** The agents of the simulated cluster and which allocation holds each slot. */
export class AgentStore {
  private readonly agents = new Map<string, AgentRecord>();

  /** Replaces the agents with `specs` (all enabled and idle). */
  configure(specs: readonly AgentSpec[], registeredTime: string): void {
    this.agents.clear();
    specs.forEach((spec, i) => {
      this.agents.set(spec.id, {
        id: spec.id,
        registeredTime,
        resourcePool: spec.resourcePool,
        addresses: [`10.0.0.${i + 2}`],
        enabled: true,
        draining: false,
        slots: Array.from({ length: spec.slots }, (_, n) => newSlot(spec.id, n, spec.slotType)),
        auxOwners: new Set(),
      });
    });
  }

  /** Every agent in id order. */
  list(): AgentRecord[] {
    return [...this.agents.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** The agent, or NotFound with the master's message. */
  get(id: string): AgentRecord {
    const agent = this.agents.get(id);
    if (!agent) throw notFound(`agent '${id}' not found`);
    return agent;
  }

  /** A slot of an agent by its device id, or NotFound. */
  slot(agentId: string, slotId: string): SlotRecord {
    const agent = this.get(agentId);
    const slot = agent.slots.find((s) => String(s.deviceId) === slotId);
    if (!slot) throw notFound(`slot '${slotId}' not found on agent '${agentId}'`);
    return slot;
  }

  /**
   * Takes `count` free slots of one pool for `owner` (on as few agents as possible), or returns
   * null when the pool has not enough. A zero-slot request runs on the first enabled agent.
   */
  allocate(pool: string, count: number, owner: string): SlotRecord[] | null {
    const agents = this.list().filter((a) => a.resourcePool === pool && a.enabled && !a.draining);
    if (count === 0) {
      const agent = agents[0];
      if (!agent) return null;
      agent.auxOwners.add(owner);
      return [];
    }
    const free = agents
      .map((agent) => agent.slots.filter((s) => usable(agent, s)))
      .sort((a, b) => a.length - b.length);
    const single = free.find((slots) => slots.length >= count);
    const chosen = single ? single.slice(0, count) : free.flat().slice(0, count);
    if (chosen.length < count) return null;
    for (const slot of chosen) slot.owner = owner;
    return chosen;
  }

  /** Frees every slot `owner` holds. */
  release(owner: string): void {
    for (const agent of this.agents.values()) {
      agent.auxOwners.delete(owner);
      for (const slot of agent.slots) if (slot.owner === owner) slot.owner = null;
    }
  }

  /** The slots `owner` holds. */
  slotsOf(owner: string): SlotRecord[] {
    return [...this.agents.values()].flatMap((a) => a.slots.filter((s) => s.owner === owner));
  }

  /** The agents `owner` runs on. */
  agentsOf(owner: string): AgentRecord[] {
    return this.list().filter((a) => a.auxOwners.has(owner) || a.slots.some((s) => s.owner === owner));
  }

  /** Total and used slots of a pool's enabled agents. */
  poolUsage(pool: string): { agents: number; slots: number; used: number } {
    const agents = this.list().filter((a) => a.resourcePool === pool);
    const slots = agents.flatMap((a) => (a.enabled ? a.slots.filter((s) => s.enabled) : []));
    return { agents: agents.length, slots: slots.length, used: slots.filter((s) => s.owner !== null).length };
  }
}
