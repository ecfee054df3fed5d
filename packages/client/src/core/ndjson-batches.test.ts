import { StreamError } from './errors';
import { mapBatches, type NdjsonChunk, parseNdjsonBatches, streamResultBatches } from './ndjson';

async function* fromChunks(chunks: readonly NdjsonChunk[]): AsyncGenerator<NdjsonChunk> {
  for (const chunk of chunks) yield chunk;
}

async function batchesOf<T>(source: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const batch of source) out.push(batch);
  return out;
}

/** Drain `source`, returning what arrived before it failed and the failure. */
async function drainUntilFailure<T>(source: AsyncIterable<T[]>): Promise<{ items: T[]; error: unknown }> {
  const items: T[] = [];
  try {
    for await (const batch of source) items.push(...batch);
  } catch (error) {
    return { items, error };
  }
  return { items, error: undefined };
}

describe('parseNdjsonBatches', () => {
  it('hands out the lines each chunk completes as one batch, skipping chunks that complete none', async () => {
    const chunks = ['{"a":1}\n{"a":2}\n{"a"', ':3}', '\n', '{"a":4}\n{"a":5}\n'];
    expect(await batchesOf(parseNdjsonBatches(fromChunks(chunks)))).toEqual([
      [{ a: 1 }, { a: 2 }],
      [{ a: 3 }],
      [{ a: 4 }, { a: 5 }],
    ]);
  });

  it('decodes multi-byte characters split across chunks, byte by byte', async () => {
    const bytes = Buffer.from('{"s":"ä€😀"}\n{"s":"ok"}\n');
    const chunks = [...bytes].map((byte) => Uint8Array.of(byte));
    const values = (await batchesOf(parseNdjsonBatches(fromChunks(chunks)))).flat();
    expect(values).toEqual([{ s: 'ä€😀' }, { s: 'ok' }]);
  });

  it('reads Uint8Array views at an offset of a larger buffer', async () => {
    const backing = Buffer.from('xxxx{"a":1}\n{"a":2}\nyyyy');
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 4, backing.length - 8);
    expect((await batchesOf(parseNdjsonBatches(fromChunks([view])))).flat()).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('numbers lines across chunks and blank lines in its errors', async () => {
    const chunks = ['{"a":1}\n\n', '{"a":2}\r\n{"a":', '2}\nnope\n'];
    const { items, error } = await drainUntilFailure(parseNdjsonBatches(fromChunks(chunks)));
    expect(items).toEqual([{ a: 1 }, { a: 2 }, { a: 2 }]);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as Error).message).toBe('line 5 of the stream is not valid JSON: nope');
  });

  it('accepts trailing whitespace without a newline but not a cut-off line', async () => {
    expect((await batchesOf(parseNdjsonBatches(fromChunks(['{"a":1}\n', '  \r'])))).flat()).toEqual([
      { a: 1 },
    ]);
    await expect(batchesOf(parseNdjsonBatches(fromChunks(['{"a":1}\n{"a"'])))).rejects.toThrow(
      'the stream ended in the middle of line 2 (no final newline)',
    );
  });
});

describe('streamResultBatches', () => {
  it('hands out the results before an error line, then raises the stream error', async () => {
    const lines = fromChunks(['{"result":1}\n{"result":2}\n{"error":{"message":"boom"}}\n{"result":3}\n']);
    const { items, error } = await drainUntilFailure(
      streamResultBatches(parseNdjsonBatches(lines), { operation: 'GetMetrics' }),
    );
    expect(items).toEqual([1, 2]);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as Error).message).toBe('stream error during GetMetrics: boom');
  });
});

describe('mapBatches', () => {
  it('maps in order and stops at the first failing item after handing out the ones before it', async () => {
    async function* batches(): AsyncGenerator<number[]> {
      yield [1, 2];
      yield [3, 4, 5];
      yield [6];
    }
    const { items, error } = await drainUntilFailure(
      mapBatches(batches(), (n) => {
        if (n === 4) throw new Error('four');
        return n * 10;
      }),
    );
    expect(items).toEqual([10, 20, 30]);
    expect((error as Error).message).toBe('four');
  });
});
