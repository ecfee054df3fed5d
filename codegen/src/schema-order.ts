import { refName, type SchemaObject } from './oas-types';

function collectRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.add(refName(value));
      else collectRefs(value, into);
    }
  }
}

/**
 * Definition names ordered so that every definition comes after the ones it references (ties by
 * name, so output is deterministic). Self-references are allowed; longer cycles are not expected in
 * the master's spec and are broken at the first name reached.
 */
export function schemaOrder(schemas: Record<string, SchemaObject>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string): void => {
    if (state.has(name) || !(name in schemas)) return;
    state.set(name, 'visiting');
    const refs = new Set<string>();
    collectRefs(schemas[name], refs);
    for (const ref of [...refs].sort()) if (ref !== name) visit(ref);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of Object.keys(schemas).sort()) visit(name);
  return order;
}
