import type { AgentSpec, SlotType } from './agents';

/** Identical agents as a scenario describes them. */
export interface AgentGroup {
  count?: number;
  slots: number;
  slotType?: SlotType;
  resourcePool?: string;
  idPrefix?: string;
  enabled?: boolean;
}

/** A group of agents that cannot exist (negative counts, duplicate ids, unknown device types). */
export class AgentGroupError extends Error {}

const SLOT_TYPES: ReadonlySet<string> = new Set(['TYPE_CPU', 'TYPE_CUDA', 'TYPE_ROCM']);

function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new AgentGroupError(`agents: ${what} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return value;
}

/** The agents of the groups (`<idPrefix>-<n>`), and the ids of those that start disabled. */
export function agentSpecs(groups: readonly AgentGroup[]): { specs: AgentSpec[]; disabled: string[] } {
  const specs: AgentSpec[] = [];
  const disabled: string[] = [];
  const next = new Map<string, number>();
  for (const group of groups) {
    const slotType = group.slotType ?? 'TYPE_CPU';
    if (!SLOT_TYPES.has(slotType))
      throw new AgentGroupError(`agents: unknown slotType ${JSON.stringify(slotType)}`);
    const prefix = group.idPrefix ?? 'mock-agent';
    const n = count(group.count ?? 1, 'count');
    const slots = count(group.slots, 'slots');
    for (let i = 0; i < n; i++) {
      const index = next.get(prefix) ?? 0;
      next.set(prefix, index + 1);
      const id = `${prefix}-${index}`;
      specs.push({ id, slots, slotType, resourcePool: group.resourcePool ?? 'default' });
      if (group.enabled === false) disabled.push(id);
    }
  }
  return { specs, disabled };
}
