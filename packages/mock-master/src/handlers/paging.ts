import { type Pagination, paginate } from '../server/paginate';
import type { MockRequest } from '../server/types';
import { qInt } from './util';

/** The page a list request asks for with its `offset` and `limit` query parameters. */
export function pageOf<T>(items: readonly T[], req: MockRequest): { page: T[]; pagination: Pagination } {
  return paginate(items, { offset: qInt(req, 'offset'), limit: qInt(req, 'limit') });
}

type Key = string | number | bigint | boolean | null | undefined;

/**
 * Stable sort by a key, ascending unless `desc`; null/undefined keys always sort last. Ties
 * keep the input order.
 */
export function sortByKey<T>(items: readonly T[], key: (item: T) => Key, desc = false): T[] {
  return items
    .map((item, index) => ({ item, index, k: key(item) }))
    .sort((a, b) => {
      const an = a.k === null || a.k === undefined;
      const bn = b.k === null || b.k === undefined;
      if (an || bn) return an === bn ? a.index - b.index : an ? 1 : -1;
      const c =
        (a.k as string | number) < (b.k as string | number)
          ? -1
          : (a.k as string | number) > (b.k as string | number)
            ? 1
            : 0;
      return (desc ? -c : c) || a.index - b.index;
    })
    .map((x) => x.item);
}

/** True for `ORDER_BY_DESC`. */
export function isDesc(orderBy: string | undefined): boolean {
  return orderBy === 'ORDER_BY_DESC';
}
