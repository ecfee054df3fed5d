import { parse as parseYaml } from 'yaml';
import { invalidArgument } from '../errors';
import type { JsonRecord } from './types';

const WORKLOAD_TYPES = new Set(['EXPERIMENT', 'NTSC']);

/** Checks a workload type with the master's messages (`.` suffix on reads and deletes, like the master). */
export function checkWorkloadType(workloadType: string, { forWrite }: { forWrite: boolean }): void {
  if (WORKLOAD_TYPES.has(workloadType)) return;
  if (workloadType === '') throw invalidArgument('no workload type specified');
  throw invalidArgument(`invalid workload type: ${workloadType}${forWrite ? '' : '.'}`);
}

function parsePolicies(text: string): JsonRecord {
  if (text === '') throw invalidArgument('no specified config policies');
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw invalidArgument(`error parsing config policies: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw invalidArgument('error unmarshaling config policies: expected a mapping');
  const policies = parsed as JsonRecord;
  const out: JsonRecord = {};
  if (policies.invariant_config !== undefined) out.invariant_config = policies.invariant_config;
  if (policies.constraints !== undefined) out.constraints = policies.constraints;
  return out;
}

/** Task config policies, global (workspace `null`) or per workspace, by workload type. */
export class ConfigPolicyStore {
  private readonly policies = new Map<string, JsonRecord>();

  /** The policies of a scope (`{}` when none). */
  get(workspaceId: number | null, workloadType: string): JsonRecord {
    checkWorkloadType(workloadType, { forWrite: false });
    return structuredClone(this.policies.get(`${workspaceId ?? 'global'}:${workloadType}`) ?? {});
  }

  /** Replaces the policies of a scope from YAML or JSON text; returns what was stored. */
  put(workspaceId: number | null, workloadType: string, text: string): JsonRecord {
    checkWorkloadType(workloadType, { forWrite: true });
    const parsed = parsePolicies(text);
    this.policies.set(`${workspaceId ?? 'global'}:${workloadType}`, parsed);
    return structuredClone(parsed);
  }

  /** Removes the policies of a scope. */
  delete(workspaceId: number | null, workloadType: string): void {
    checkWorkloadType(workloadType, { forWrite: false });
    this.policies.delete(`${workspaceId ?? 'global'}:${workloadType}`);
  }
}
