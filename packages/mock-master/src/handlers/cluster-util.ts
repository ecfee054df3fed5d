import type { Wire } from '../cluster/types';
import { permissionDenied } from '../errors';
import type { MockRequest, MockResponse } from '../server/types';
import { userOf } from './util';

/** The basic authorizer's answer to a non-admin on admin-only cluster operations. */
export function requireAdmin(req: MockRequest): void {
  if (!userOf(req).admin) throw permissionDenied('user does not have permission');
}

/** Sorts by a key and direction (`ORDER_BY_DESC` reverses). */
export function ordered<T>(
  items: readonly T[],
  key: (item: T) => string | number,
  orderBy: string | undefined,
): T[] {
  const sign = orderBy === 'ORDER_BY_DESC' ? -1 : 1;
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return sign * (ka < kb ? -1 : ka > kb ? 1 : 0);
  });
}

/** A 200 answer typed by the spec's response schema, so a spec change breaks the type check. */
export function reply<K extends keyof Wire>(_schema: K, body: Wire[K]): MockResponse {
  return { json: body };
}
