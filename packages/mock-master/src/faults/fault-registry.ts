import { createPrng } from '../rng';
import { parseFaultSpec } from './fault-spec';
import type { ActiveFault, FaultController, FaultSpec, FaultTarget } from './types';

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

function globToRegExp(glob: string): RegExp {
  const pattern = glob
    .split('**')
    .map((part) => part.split('*').map(escapeRegExp).join('[^/]*'))
    .join('.*');
  return new RegExp(`^${pattern}$`);
}

function pathMatches(pattern: string, target: FaultTarget): boolean {
  if (pattern.includes('{')) return pattern === target.pathTemplate;
  return globToRegExp(pattern).test(target.path);
}

function matches(spec: FaultSpec, target: FaultTarget): boolean {
  if (spec.operationId !== undefined && spec.operationId !== target.operationId) return false;
  if (spec.method !== undefined && spec.method.toUpperCase() !== target.method.toUpperCase()) return false;
  if (spec.pathPattern !== undefined && !pathMatches(spec.pathPattern, target)) return false;
  return true;
}

/**
 * The faults registered on a mock. Faults are tried in the order they were added; the first one
 * that matches (and wins its probability draw) applies to the request and uses up one of its `times`.
 */
export class FaultRegistry implements FaultController {
  private readonly faults: ActiveFault[] = [];
  private readonly random: () => number;
  private nextId = 1;

  constructor(options: { seed: number }) {
    this.random = createPrng(options.seed ^ 0x5eed_fa17);
  }

  add(spec: FaultSpec): string {
    const parsed = parseFaultSpec(spec);
    const id = `fault-${this.nextId++}`;
    this.faults.push({ id, spec: parsed, remaining: parsed.times ?? Number.POSITIVE_INFINITY, hits: 0 });
    return id;
  }

  remove(id: string): boolean {
    const index = this.faults.findIndex((fault) => fault.id === id);
    if (index < 0) return false;
    this.faults.splice(index, 1);
    return true;
  }

  clear(): void {
    this.faults.length = 0;
  }

  list(): readonly ActiveFault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** Picks the fault for a request (consuming one use) or null. */
  take(target: FaultTarget): FaultSpec | null {
    for (const fault of this.faults) {
      if (!matches(fault.spec, target)) continue;
      if (fault.spec.probability !== undefined && this.random() >= fault.spec.probability) continue;
      fault.hits++;
      fault.remaining--;
      if (fault.remaining <= 0) this.remove(fault.id);
      return fault.spec;
    }
    return null;
  }
}
