import type { ApiModel } from '../diff/api-model';
import type { Change } from '../diff/compare';
import type { SourceMembers } from './source-members';

/** A facade member that uses an operation or definition the new spec changed or removed. */
export interface AffectedUse {
  /** Relative to the repository root. */
  readonly file: string;
  readonly member: string;
  readonly line: number;
  /** The operationId or definition name the member names. */
  readonly uses: string;
  /** The changes that reach it: the operation's own, or those of definitions its request or response holds. */
  readonly changes: readonly Change[];
}

function definitionNamesIn(type: string, model: ApiModel): string[] {
  return (type.match(/[A-Za-z0-9_]+/g) ?? []).filter((word) => model.definitions.has(word));
}

/** Definitions reachable from `roots` through fields (and array items, map values) of `model`. */
function reachable(roots: readonly string[], model: ApiModel): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (seen.has(name)) continue;
    seen.add(name);
    for (const field of model.definitions.get(name)?.fields.values() ?? []) {
      queue.push(...definitionNamesIn(field.type, model));
    }
  }
  return seen;
}

/**
 * For each operationId, path template and definition name, the changes that reach code naming it:
 * an operation's own changes plus those of every definition reachable from its request and response
 * in the old spec (a path template gets those of every operation on it).
 */
export function changesByName(changes: readonly Change[], before: ApiModel): Map<string, Change[]> {
  const byName = new Map<string, Change[]>();
  const add = (name: string, change: Change) => byName.set(name, [...(byName.get(name) ?? []), change]);
  const byDefinition = new Map<string, Change[]>();
  for (const change of changes) {
    if (change.kind === 'operation-added' || change.kind === 'definition-added') continue;
    add(change.name, change);
    if (change.subject === 'definition') byDefinition.set(change.name, byName.get(change.name) ?? []);
  }
  for (const [operationId, operation] of before.operations) {
    const roots = [operation.requestSchema, operation.responseSchema].filter((name) => name !== null);
    for (const definition of reachable(roots, before)) {
      for (const change of byDefinition.get(definition) ?? []) add(operationId, change);
    }
  }
  // Code on the low-level client (`det.api.GET('/api/v1/...')`) names the path template instead.
  for (const [operationId, operation] of before.operations) {
    for (const change of byName.get(operationId) ?? []) add(operation.path, change);
  }
  return byName;
}

/** The members of `files` that name an operationId or definition with changes, one entry per member and name. */
export function affectedUses(
  files: ReadonlyMap<string, SourceMembers>,
  byName: ReadonlyMap<string, readonly Change[]>,
): AffectedUse[] {
  const uses: AffectedUse[] = [];
  for (const [file, members] of files) {
    const seen = new Set<string>();
    for (const token of members.tokens) {
      const changes = byName.get(token.text);
      const key = `${token.member}\0${token.text}`;
      if (!changes || seen.has(key)) continue;
      seen.add(key);
      uses.push({ file, member: token.member, line: token.line, uses: token.text, changes });
    }
  }
  return uses;
}
