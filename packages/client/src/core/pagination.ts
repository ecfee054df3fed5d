import { ValidationError } from './errors';

/** The `pagination` block of a paged list response. */
export interface PaginationInfo {
  readonly offset?: number | null | undefined;
  readonly limit?: number | null | undefined;
  readonly startIndex?: number | null | undefined;
  readonly endIndex?: number | null | undefined;
  readonly total?: number | null | undefined;
}

/** Any response that carries offset pagination. */
export interface PagedResponse {
  readonly pagination?: PaginationInfo | null | undefined;
}

/** Options of `paginate`. */
export interface PaginateOptions {
  /** Stop after the first page (Python's `pages=SINGLE`). */
  readonly singlePage?: boolean;
  /** Offset of the first request (default 0). */
  readonly offset?: number;
}

function boundsOf(page: PagedResponse, offset: number): { endIndex: number; total: number } {
  const endIndex = page.pagination?.endIndex;
  const total = page.pagination?.total;
  if (typeof endIndex !== 'number' || typeof total !== 'number') {
    throw new ValidationError(
      `paged response for offset ${offset} has no pagination.endIndex/pagination.total: ${JSON.stringify(page.pagination ?? null)}`,
    );
  }
  return { endIndex, total };
}

/**
 * Lazily walk offset pagination: request `offset` (0 by default), yield the page, then stop when
 * `endIndex >= total` (or after one page with `singlePage`), else request `offset = endIndex`.
 * No request is made until iteration starts, and each further page only once the consumer asks
 * for it. A page without `pagination.endIndex`/`total`, or one that does not advance, raises
 * `ValidationError`.
 */
export async function* paginate<P extends PagedResponse>(
  fetchPage: (offset: number) => Promise<P>,
  options: PaginateOptions = {},
): AsyncGenerator<P, void, undefined> {
  let offset = options.offset ?? 0;
  while (true) {
    const page = await fetchPage(offset);
    const { endIndex, total } = boundsOf(page, offset);
    yield page;
    if (options.singlePage || endIndex >= total) return;
    if (endIndex <= offset) {
      throw new ValidationError(
        `pagination does not advance: offset ${offset} answered endIndex ${endIndex} of ${total}`,
      );
    }
    offset = endIndex;
  }
}

/**
 * Like `paginate`, but yields the items that `itemsOf` picks from each page; the next page is
 * requested only after the consumer has taken every item of the current one.
 */
export async function* paginateItems<P extends PagedResponse, T>(
  fetchPage: (offset: number) => Promise<P>,
  itemsOf: (page: P) => readonly T[] | null | undefined,
  options: PaginateOptions = {},
): AsyncGenerator<T, void, undefined> {
  for await (const page of paginate(fetchPage, options)) {
    yield* itemsOf(page) ?? [];
  }
}
