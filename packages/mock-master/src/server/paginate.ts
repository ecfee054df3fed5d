import { MockHttpError } from '../errors';

/** The API's `v1Pagination`. */
export interface Pagination {
  /** The requested offset (negative: from the end). */
  offset: number;
  /** The requested limit (0: everything). */
  limit: number;
  /** Index of the page's first item. */
  startIndex: number;
  /** Index after the page's last item. */
  endIndex: number;
  /** Items in all pages. */
  total: number;
}

/**
 * Offset pagination like the master's: a negative offset counts from the end, a limit of 0 (or
 * none) means everything, an offset past the end gives an empty page, a negative limit is
 * rejected (400 InvalidArgument).
 */
export function paginate<T>(
  items: readonly T[],
  options: { offset?: number | undefined; limit?: number | undefined },
): {
  /** The items of the page. */
  page: T[];
  /** Where the page lies, as the master reports it. */
  pagination: Pagination;
} {
  const total = items.length;
  const offset = options.offset ?? 0;
  const limit = options.limit ?? 0;
  if (limit < 0) throw new MockHttpError(400, 3, `limit must be >= 0, got ${limit}`);
  const startIndex = offset < 0 ? Math.max(total + offset, 0) : Math.min(offset, total);
  const endIndex = limit > 0 ? Math.min(startIndex + limit, total) : total;
  return {
    page: items.slice(startIndex, endIndex),
    pagination: { offset, limit, startIndex, endIndex, total },
  };
}
