// Lenient readers of recorded API values: a missing or mistyped field becomes the master's default.
import { isJsonObject, type JsonObject } from '../state/records';

/** A recorded API object. */
export type Api = JsonObject;

export const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);
export const num = (v: unknown, d = 0): number => (typeof v === 'number' ? v : d);
export const numOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);
export const bool = (v: unknown): boolean => v === true;
export const obj = (v: unknown): JsonObject => (isJsonObject(v) ? v : {});
export const strList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
export const isDate = (v: unknown): boolean => typeof v === 'string' && !Number.isNaN(Date.parse(v));
