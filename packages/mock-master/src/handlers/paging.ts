import { invalidArgument } from '../state/errors';

/** `v1Pagination`. */
export interface Pagination {
  offset: number;
  limit: number;
  startIndex: number;
  endIndex: number;
  total: number;
}

/**
 * Slices a list like the master: a negative offset counts from the end, `limit` 0 (or absent)
 * means everything, a negative limit is rejected.
 */
export function paginate<T>(
  items: readonly T[],
  offset = 0,
  limit = 0,
): { page: T[]; pagination: Pagination } {
  if (limit < 0) throw invalidArgument(`limit must be >= 0, got ${limit}`);
  const total = items.length;
  const start = offset < 0 ? Math.max(0, total + offset) : Math.min(offset, total);
  const end = limit === 0 ? total : Math.min(total, start + limit);
  return {
    page: items.slice(start, end),
    pagination: { offset, limit, startIndex: start, endIndex: end, total },
  };
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
