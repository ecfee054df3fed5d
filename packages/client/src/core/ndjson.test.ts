import { collect } from './collect';
import { AbortError, StreamError } from './errors';
import { type NdjsonChunk, parseNdjson, streamResults } from './ndjson';

/** Deterministic PRNG so failures are reproducible. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function lineFor(i: number): string {
  // Multi-byte characters (2, 3 and 4 bytes) so random cuts split UTF-8 sequences.
  return `{"result":{"i":${i},"s":"ä€😀${i % 97}"}}\n`;
}

/** Lazily yields `count` lines, re-cut into chunks of random size (1 byte up to 16 KiB). */
async function* randomChunks(count: number, random: () => number): AsyncGenerator<Uint8Array> {
  const batchLines = 2000;
  let carry = Buffer.alloc(0);
  for (let first = 0; first < count; first += batchLines) {
    let text = '';
    for (let i = first; i < Math.min(count, first + batchLines); i++) text += lineFor(i);
    let buffer = Buffer.concat([carry, Buffer.from(text)]);
    while (buffer.length > 16_384) {
      const size = random() < 0.2 ? 1 + Math.floor(random() * 8) : 1 + Math.floor(random() * 16_384);
      yield buffer.subarray(0, size);
      buffer = buffer.subarray(size);
    }
    carry = buffer;
  }
  if (carry.length > 0) yield carry;
}

async function* fromChunks(chunks: readonly NdjsonChunk[]): AsyncGenerator<NdjsonChunk> {
  for (const chunk of chunks) yield chunk;
}

describe('parseNdjson', () => {
  it('parses 1,000,000 lines cut at random byte boundaries, checking every record', async () => {
    const random = prng(42);
    let expected = 0;
    for await (const value of streamResults(parseNdjson(randomChunks(1_000_000, random)), {
      operation: 'Test',
    })) {
      const record = value as { i: number; s: string };
      if (record.i !== expected || record.s !== `ä€😀${expected % 97}`) {
        throw new Error(`record ${expected} was ${JSON.stringify(record)}`);
      }
      expected += 1;
    }
    expect(expected).toBe(1_000_000);
  }, 120_000);

  it('reassembles a multi-MiB line delivered in small chunks', async () => {
    const payload = 'x'.repeat(6 * 1024 * 1024);
    const bytes = Buffer.from(`{"result":"${payload}"}\n{"result":2}\n`);
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let offset = 0; offset < bytes.length; offset += 4096) yield bytes.subarray(offset, offset + 4096);
    }
    const values = await collect(streamResults(parseNdjson(chunks()), { operation: 'Test' }));
    expect(values).toHaveLength(2);
    expect((values[0] as string).length).toBe(payload.length);
    expect(values[1]).toBe(2);
  });

  it('skips blank lines and accepts CRLF endings', async () => {
    const values = await collect(parseNdjson(fromChunks(['\n{"a":1}\r\n', '  \n\n{"a"', ':2}\n'])));
    expect(values).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('throws StreamError when the body ends mid-line', async () => {
    const error = await collect(parseNdjson(fromChunks(['{"a":1}\n{"a":', '2']))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as Error).message).toMatch(/ended in the middle of line 2/);
  });

  it('throws StreamError with the line number for invalid JSON', async () => {
    const error = await collect(parseNdjson(fromChunks(['{"a":1}\nnot json\n']))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as Error).message).toMatch(/line 2 of the stream is not valid JSON/);
  });

  it('wraps a failing source in StreamError with the cause, but passes SDK errors through', async () => {
    async function* dying(failure: Error): AsyncGenerator<string> {
      yield '{"a":1}\n{"a"';
      throw failure;
    }
    const reset = new Error('socket hang up');
    const error = await collect(parseNdjson(dying(reset))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).cause).toBe(reset);
    const aborted = new AbortError('aborted');
    await expect(collect(parseNdjson(dying(aborted)))).rejects.toBe(aborted);
  });

  it('pulls a chunk only when the consumer asks for more values', async () => {
    let pulled = 0;
    async function* counted(): AsyncGenerator<string> {
      for (let i = 0; i < 100; i++) {
        pulled += 1;
        yield `{"n":${2 * i}}\n{"n":${2 * i + 1}}\n`;
      }
    }
    const iterator = parseNdjson(counted());
    await iterator.next();
    expect(pulled).toBe(1);
    await iterator.next();
    expect(pulled).toBe(1);
    await iterator.next();
    expect(pulled).toBe(2);
    await iterator.return(undefined);
  });

  it('closes the source when the consumer breaks out of the loop', async () => {
    let closed = false;
    async function* endless(): AsyncGenerator<string> {
      try {
        for (let i = 0; ; i++) yield `{"n":${i}}\n`;
      } finally {
        closed = true;
      }
    }
    for await (const value of parseNdjson(endless())) {
      if ((value as { n: number }).n === 3) break;
    }
    expect(closed).toBe(true);
  });
});

describe('streamResults', () => {
  it('throws StreamError carrying the stream error message and object', async () => {
    const lines = fromChunks([
      '{"result":1}\n{"error":{"grpcCode":5,"httpCode":404,"message":"trial not found"}}\n',
    ]);
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const value of streamResults(parseNdjson(lines), { operation: 'TrialLogs' }))
        seen.push(value);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([1]);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).message).toBe('stream error during TrialLogs: trial not found');
    expect((error as StreamError).streamError).toEqual({
      grpcCode: 5,
      httpCode: 404,
      message: 'trial not found',
    });
  });

  it('rejects lines with neither result nor error', async () => {
    const lines = parseNdjson(fromChunks(['{"other":1}\n']));
    await expect(collect(streamResults(lines, { operation: 'X' }))).rejects.toThrow(
      /neither "result" nor "error"/,
    );
  });
});
