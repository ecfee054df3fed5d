import { invalidArgument } from '../errors';
import type { MockRequest, MockResponse, MockUser } from '../server/types';
import type { JsonObject } from '../state/records';

/** A JSON 200 answer. */
export function ok(json: unknown): MockResponse {
  return { json };
}

/** An integer path parameter. */
export function pathInt(req: MockRequest, name: string): number {
  const v = Number(req.pathParams[name]);
  if (!Number.isInteger(v)) throw invalidArgument(`invalid ${name}: ${String(req.pathParams[name])}`);
  return v;
}

/** A string path parameter. */
export function pathStr(req: MockRequest, name: string): string {
  const v = req.pathParams[name];
  if (v === undefined) throw invalidArgument(`missing ${name}`);
  return String(v);
}

/** An optional string query parameter ('' counts as absent). */
export function qStr(req: MockRequest, name: string): string | undefined {
  const v = req.query[name];
  if (Array.isArray(v)) return v.length > 0 ? String(v[0]) : undefined;
  return v === undefined || v === null || v === '' ? undefined : String(v);
}

/** An optional integer query parameter. */
export function qInt(req: MockRequest, name: string): number | undefined {
  const s = qStr(req, name);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n)) throw invalidArgument(`invalid ${name}: ${s}`);
  return n;
}

/** An optional boolean query parameter. */
export function qBool(req: MockRequest, name: string): boolean | undefined {
  const v = req.query[name];
  const s = Array.isArray(v) ? v[0] : v;
  if (s === undefined || s === null || s === '') return undefined;
  return s === true || s === 'true';
}

/** A repeated query parameter (always a list). */
export function qList(req: MockRequest, name: string): string[] {
  const v = req.query[name];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String).filter((s) => s !== '');
}

/** A repeated integer query parameter. */
export function qIntList(req: MockRequest, name: string): number[] {
  return qList(req, name).map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n)) throw invalidArgument(`invalid ${name}: ${s}`);
    return n;
  });
}

/** The request body as an object (`{}` when absent). */
export function body(req: MockRequest): JsonObject {
  const b = req.body;
  return typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as JsonObject) : {};
}

/** The authenticated user (the server only routes authenticated requests here). */
export function userOf(req: MockRequest): MockUser {
  return (
    req.user ?? { id: 1, username: 'determined', admin: false, active: true, remote: false, displayName: '' }
  );
}

/** Labels sent as a plain list or as a protobuf ListValue (`{values: [...]}`). */
export function labelList(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const list = Array.isArray(v)
    ? v
    : Array.isArray((v as JsonObject).values)
      ? ((v as JsonObject).values as unknown[])
      : undefined;
  if (list === undefined) throw invalidArgument('labels must be a list of strings');
  return list.map((x) =>
    typeof x === 'object' && x !== null && 'stringValue' in x
      ? String((x as JsonObject).stringValue)
      : String(x),
  );
}

/** Case-insensitive substring test (the master's ILIKE '%s%'). */
export function ilike(haystack: string, needle: string | undefined): boolean {
  return needle === undefined || haystack.toLowerCase().includes(needle.toLowerCase());
}
