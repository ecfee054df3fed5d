// Lenient readers of recorded API values: a missing or mistyped field becomes the master's default.
import { isJsonObject, type JsonObject } from '../state/records';
import type { Wire } from '../state/wire';

/** A recorded API object. */
export type Api = JsonObject;

export const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);
export const num = (v: unknown, d = 0): number => (typeof v === 'number' ? v : d);
export const numOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);
export const bool = (v: unknown): boolean => v === true;
export const obj = (v: unknown): JsonObject => (isJsonObject(v) ? v : {});
export const strList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
export const isDate = (v: unknown): boolean => typeof v === 'string' && !Number.isNaN(Date.parse(v));

/** One of the values a recorded enum field may hold, or `fallback` when it holds something else. */
export function oneOf<T extends string>(allowed: readonly T[], v: unknown, fallback: T): T {
  return allowed.find((a) => a === v) ?? fallback;
}

/** `v1WorkspaceState` values (the same enum for workspaces and projects). */
export const WORKSPACE_STATES = [
  'WORKSPACE_STATE_UNSPECIFIED',
  'WORKSPACE_STATE_DELETING',
  'WORKSPACE_STATE_DELETE_FAILED',
  'WORKSPACE_STATE_DELETED',
] as const satisfies readonly Wire['v1WorkspaceState'][];
