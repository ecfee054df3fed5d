import { permissionDenied } from '../errors';
import type { MockRequest } from '../server/types';
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
