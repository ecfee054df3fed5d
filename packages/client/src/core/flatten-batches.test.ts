import { flattenBatches } from './flatten-batches';

interface Line {
  readonly rows: readonly number[];
}

function tracked(lines: readonly Line[], options: { failAfter?: number } = {}) {
  const state = { started: false, closed: false, pulled: 0 };
  async function* source(): AsyncGenerator<Line> {
    state.started = true;
    try {
      for (const line of lines) {
        if (options.failAfter !== undefined && state.pulled >= options.failAfter) {
          throw new Error('connection lost');
        }
        state.pulled++;
        yield line;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, source: source() };
}

const lines: Line[] = [{ rows: [1, 2, 3] }, { rows: [] }, { rows: [4] }, { rows: [5, 6] }];
const options = { itemsOf: (line: Line) => line.rows, map: (row: number) => row * 10 };

describe('flattenBatches', () => {
  it('hands out the mapped items of every batch in order, skipping empty batches', async () => {
    const { source, state } = tracked(lines);
    const out: number[] = [];
    for await (const value of flattenBatches(source, options)) out.push(value);
    expect(out).toEqual([10, 20, 30, 40, 50, 60]);
    expect(state.closed).toBe(true);
  });

  it('pulls nothing before the first next() and one batch at a time after it', async () => {
    const { source, state } = tracked(lines);
    const iterator = flattenBatches(source, options);
    expect(state.started).toBe(false);
    expect(await iterator.next()).toEqual({ value: 10, done: false });
    await iterator.next();
    await iterator.next();
    expect(state.pulled).toBe(1);
    await iterator.next();
    expect(state.pulled).toBe(3);
  });

  it('closes the source when the consumer leaves the loop early', async () => {
    const { source, state } = tracked(lines);
    for await (const value of flattenBatches(source, options)) {
      if (value === 20) break;
    }
    expect(state.closed).toBe(true);
    expect(state.pulled).toBe(1);
  });

  it('closes the source and rejects when building an item throws, then reports done', async () => {
    const { source, state } = tracked(lines);
    const iterator = flattenBatches(source, {
      itemsOf: options.itemsOf,
      map: (row: number) => {
        if (row === 4) throw new RangeError('bad row 4');
        return row;
      },
    });
    const seen: number[] = [];
    const error = await (async () => {
      for await (const value of { [Symbol.asyncIterator]: () => iterator }) seen.push(value);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([1, 2, 3]);
    expect(error).toEqual(new RangeError('bad row 4'));
    expect(state.closed).toBe(true);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('passes a failure of the source on after the items before it', async () => {
    const { source } = tracked(lines, { failAfter: 1 });
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const value of flattenBatches(source, options)) seen.push(value);
      })(),
    ).rejects.toThrow('connection lost');
    expect(seen).toEqual([10, 20, 30]);
  });

  it('serves next() calls made before earlier ones settled in order', async () => {
    const { source } = tracked(lines);
    const iterator = flattenBatches(source, options);
    const results = await Promise.all(Array.from({ length: 8 }, () => iterator.next()));
    expect(results.map((r) => (r.done ? 'done' : r.value))).toEqual([10, 20, 30, 40, 50, 60, 'done', 'done']);
  });
});

describe('flattenBatches as an async generator', () => {
  it('throw() closes the source and rejects with the given error, like a generator', async () => {
    const { source, state } = tracked(lines);
    const iterator = flattenBatches(source, options);
    await iterator.next();
    await expect(iterator.throw(new Error('stop'))).rejects.toThrow('stop');
    expect(state.closed).toBe(true);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('disposes like return()', async () => {
    const { source, state } = tracked(lines);
    const iterator = flattenBatches(source, options);
    await iterator.next();
    await iterator[Symbol.asyncDispose]();
    expect(state.closed).toBe(true);
  });
});
