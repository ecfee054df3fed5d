/** Options of {@link flattenBatches}. */
export interface FlattenBatchesOptions<B, I, U> {
  /** The items a batch holds (e.g. the reports of one stream line). */
  readonly itemsOf: (batch: B) => readonly I[];
  /** Builds what the consumer receives from one item; may throw (the source is then closed). */
  readonly map: (item: I) => U;
}

const EMPTY: readonly never[] = [];

/**
 * The items of every batch of `source`, mapped, as a lazy async generator that awaits the source
 * once per batch and hands out the items of a batch from memory: a `for await` over a million rows
 * pays one resolved promise per row instead of a chain of async-generator hops. Nothing is pulled
 * before the first `next()`; `return()` (leaving the loop early) and a throwing `map` close the
 * source. Calls are served in order even when `next()` is called again before a result settled.
 */
export function flattenBatches<B, I, U>(
  source: AsyncIterable<B>,
  options: FlattenBatchesOptions<B, I, U>,
): AsyncGenerator<U, void, undefined> {
  let iterator: AsyncIterator<B> | undefined;
  let items: readonly I[] = EMPTY;
  let index = 0;
  let finished = false;
  let queue: Promise<unknown> = Promise.resolve();
  let queued = 0;

  const close = async (): Promise<void> => {
    finished = true;
    items = EMPTY;
    await iterator?.return?.();
  };

  const fail = async (error: unknown): Promise<never> => {
    await close().catch(() => undefined);
    throw error;
  };

  const step = async (): Promise<IteratorResult<U, void>> => {
    while (!finished) {
      if (index < items.length) {
        try {
          return { value: options.map(items[index++] as I), done: false };
        } catch (error) {
          return fail(error);
        }
      }
      iterator ??= source[Symbol.asyncIterator]();
      const next = await iterator.next();
      if (next.done) {
        finished = true;
        break;
      }
      items = options.itemsOf(next.value);
      index = 0;
    }
    return { value: undefined, done: true };
  };

  const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
    queued++;
    const result = queue.then(task, task);
    queue = result.then(
      () => queued--,
      () => queued--,
    );
    return result;
  };

  const finish = (): Promise<IteratorResult<U, void>> =>
    enqueue(async () => {
      await close();
      return { value: undefined, done: true };
    });

  // Shaped like the async generator it replaces (`throw` and `asyncDispose` included).
  const self: AsyncGenerator<U, void, undefined> = {
    [Symbol.asyncIterator]: () => self,
    next(): Promise<IteratorResult<U, void>> {
      // The common case: an item of the current batch, with no earlier call still pending.
      if (queued === 0 && !finished && index < items.length) {
        try {
          return Promise.resolve({ value: options.map(items[index++] as I), done: false });
        } catch (error) {
          return enqueue(() => fail(error));
        }
      }
      return enqueue(step);
    },
    return: finish,
    throw(error: unknown): Promise<IteratorResult<U, void>> {
      return enqueue(() => fail(error));
    },
    [Symbol.asyncDispose]: async () => {
      await finish();
    },
  };
  return self;
}
