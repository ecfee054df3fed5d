import { collect } from './collect';
import { StreamError } from './errors';
import { mapBatches, type NdjsonChunk, parseNdjson, streamResults } from './ndjson';

async function* chunks(...parts: NdjsonChunk[]): AsyncGenerator<NdjsonChunk> {
  for (const part of parts) yield part;
}

async function failureOf(promise: Promise<unknown>): Promise<StreamError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StreamError);
  return error as StreamError;
}

const results = (...parts: NdjsonChunk[]): Promise<unknown[]> =>
  collect(streamResults(parseNdjson(chunks(...parts)), { operation: 'GetThing' }));

describe('stream lines the master can send', () => {
  it('uses the error text of an error line when it has no message', async () => {
    const error = await failureOf(
      results('{"result":1}\n{"error":{"error":"trial 7 not found","code":5}}\n'),
    );
    expect(error.message).toBe('stream error during GetThing: trial 7 not found');
    expect(error.streamError).toStrictEqual({ error: 'trial 7 not found', code: 5 });
  });

  it('prefers the message, skips empty texts, and falls back to the JSON of the error', async () => {
    expect((await failureOf(results('{"error":{"message":"m","error":"e"}}\n'))).message).toBe(
      'stream error during GetThing: m',
    );
    expect((await failureOf(results('{"error":{"message":"","error":"e"}}\n'))).message).toBe(
      'stream error during GetThing: e',
    );
    expect((await failureOf(results('{"error":{"message":"","error":"","code":2}}\n'))).message).toBe(
      'stream error during GetThing: {"message":"","error":"","code":2}',
    );
  });

  it.each(['1', '"text"', 'null', '[{"result":1}]', 'true'])(
    'refuses the non-object line %s',
    async (line) => {
      const error = await failureOf(results(`${line}\n`));
      expect(error.message).toBe('stream line of GetThing is not a JSON object');
      expect(error.streamError).toBeUndefined();
    },
  );

  it('refuses an object with neither result nor error, but accepts a null or missing-valued result', async () => {
    expect((await failureOf(results('{"other":1}\n'))).message).toBe(
      'stream line of GetThing has neither "result" nor "error"',
    );
    expect(await results('{"result":null}\n')).toStrictEqual([null]);
    expect((await failureOf(results('{"error":"flat text"}\n'))).message).toBe(
      'stream line of GetThing has neither "result" nor "error"',
    );
  });

  it('names the line number and shows at most 200 characters of a line that is not JSON', async () => {
    const long = `{${'x'.repeat(300)}`;
    const error = await failureOf(results('{"result":1}\n', '\n', `${long}\n`));
    expect(error.message).toBe(`line 3 of the stream is not valid JSON: ${long.slice(0, 200)}…`);
    const short = await failureOf(results('{bad\n'));
    expect(short.message).toBe('line 1 of the stream is not valid JSON: {bad');
  });

  it('reports the cut-off line by number and accepts trailing whitespace, CRLF and blank lines', async () => {
    const error = await failureOf(results('{"result":1}\n{"result":2}\n{"res'));
    expect(error.message).toBe('the stream ended in the middle of line 3 (no final newline)');
    expect(await results('{"result":1}\r\n\r\n  \n{"result":2}\n  ')).toStrictEqual([1, 2]);
    expect(await results('{"result":1}\n', '')).toStrictEqual([1]);
  });

  it('turns a failing source into StreamError with the cause, after the lines before it', async () => {
    const seen: unknown[] = [];
    async function* broken(): AsyncGenerator<NdjsonChunk> {
      yield '{"result":1}\n';
      throw new Error('socket hang up');
    }
    const error = await failureOf(
      (async () => {
        for await (const value of streamResults(parseNdjson(broken()), { operation: 'GetThing' }))
          seen.push(value);
      })(),
    );
    expect(seen).toStrictEqual([1]);
    expect(error.message).toBe('the stream broke before it ended (connection lost mid-body)');
    expect((error.cause as Error).message).toBe('socket hang up');
  });

  it('decodes bytes split inside a multi-byte character and Uint8Array views at an offset', async () => {
    const bytes = Buffer.from('{"result":"ä€😀"}\n');
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(await results(view.subarray(0, 13), view.subarray(13))).toStrictEqual(['ä€😀']);
    const padded = new Uint8Array([0x20, ...bytes]);
    expect(await results(padded.subarray(1))).toStrictEqual(['ä€😀']);
  });
});

describe('edges the mutation run found untested', () => {
  it('shows a line of exactly 200 characters whole, with the parse failure as cause', async () => {
    const line = `{${'y'.repeat(199)}`;
    const error = await failureOf(results(`${line}\n`));
    expect(error.message).toBe(`line 1 of the stream is not valid JSON: ${line}`);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('falls back to JSON when the error text is not a string', async () => {
    expect((await failureOf(results('{"error":{"error":5}}\n'))).message).toBe(
      'stream error during GetThing: {"error":5}',
    );
  });

  it('reads a source whose iterator has no return method', async () => {
    const chunksLeft = ['{"result":1}\n', '{"result":2}\n'];
    const source: AsyncIterable<NdjsonChunk> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          const value = chunksLeft.shift();
          return value === undefined ? { done: true, value: undefined } : { done: false, value };
        },
      }),
    };
    expect(await collect(streamResults(parseNdjson(source), { operation: 'GetThing' }))).toStrictEqual([
      1, 2,
    ]);
  });

  it('hands out no empty batch before an item that fails', async () => {
    async function* batches(): AsyncGenerator<number[]> {
      yield [1];
    }
    const seen: number[][] = [];
    const error = await (async () => {
      for await (const batch of mapBatches(batches(), () => {
        throw new StreamError('bad item');
      }))
        seen.push(batch);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamError);
    expect(seen).toStrictEqual([]);
  });
});
