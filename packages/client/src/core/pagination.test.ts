import { ValidationError } from './errors';
import { type PagedResponse, paginate, paginateItems } from './pagination';

interface NumbersPage extends PagedResponse {
  readonly items: number[];
}

/** A server of `total` numbers in pages of at most `size`, recording requested offsets. */
function pagedServer(
  total: number,
  size: number,
): { offsets: number[]; fetch: (offset: number) => Promise<NumbersPage> } {
  const offsets: number[] = [];
  return {
    offsets,
    fetch: async (offset) => {
      offsets.push(offset);
      const end = Math.min(total, offset + size);
      const items = Array.from({ length: end - offset }, (_, i) => offset + i);
      return { items, pagination: { offset, limit: size, startIndex: offset, endIndex: end, total } };
    },
  };
}

describe('paginate', () => {
  it('fetches every page in order, advancing offset to endIndex', async () => {
    const server = pagedServer(10, 2);
    const items: number[] = [];
    for await (const page of paginate(server.fetch)) items.push(...page.items);
    expect(items).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(server.offsets).toEqual([0, 2, 4, 6, 8]);
  });

  it('makes no request until iteration starts', async () => {
    const server = pagedServer(10, 2);
    const iterator = paginate(server.fetch);
    expect(server.offsets).toEqual([]);
    await iterator.next();
    expect(server.offsets).toEqual([0]);
  });

  it('fetches only the first page in single-page mode', async () => {
    const server = pagedServer(10, 2);
    const pages = [];
    for await (const page of paginate(server.fetch, { singlePage: true })) pages.push(page);
    expect(pages).toHaveLength(1);
    expect(server.offsets).toEqual([0]);
  });

  it('handles an empty listing with one request', async () => {
    const server = pagedServer(0, 2);
    const pages = [];
    for await (const page of paginate(server.fetch)) pages.push(page);
    expect(pages).toHaveLength(1);
  });

  it('rejects a page without pagination bounds with ValidationError', async () => {
    const iterator = paginate(async () => ({ pagination: { total: 3 } }));
    await expect(iterator.next()).rejects.toThrow(ValidationError);
  });

  it('rejects pagination that does not advance instead of looping forever', async () => {
    const iterator = paginate(async () => ({ pagination: { endIndex: 0, total: 3 } }));
    await iterator.next();
    await expect(iterator.next()).rejects.toThrow(/does not advance/);
  });
});

describe('paginateItems', () => {
  it('requests the next page only after the consumer has exhausted the current one', async () => {
    const server = pagedServer(5, 2);
    const iterator = paginateItems(server.fetch, (page) => page.items);
    const requestsAfterEachItem: number[] = [];
    for (let i = 0; i < 5; i++) {
      const step = await iterator.next();
      expect(step.value).toBe(i);
      requestsAfterEachItem.push(server.offsets.length);
    }
    expect(requestsAfterEachItem).toEqual([1, 1, 2, 2, 3]);
    expect((await iterator.next()).done).toBe(true);
    expect(server.offsets).toEqual([0, 2, 4]);
  });
});
