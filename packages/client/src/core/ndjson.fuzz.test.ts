import fc from 'fast-check';
import { DeterminedError, StreamError } from './errors';
import { type NdjsonChunk, parseNdjson, streamResults } from './ndjson';

const SEED = 20_261_129;

async function* chunksOf(bytes: Buffer, cuts: readonly number[]): AsyncGenerator<NdjsonChunk> {
  let start = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    yield bytes.subarray(start, cut);
    start = cut;
  }
  yield bytes.subarray(start);
}

async function drain(source: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const value of source) out.push(value);
  return out;
}

/** Runs the whole pipeline; resolves to the results or to the error it raised (never hangs). */
async function outcomeOf(bytes: Buffer, cuts: readonly number[]): Promise<unknown[] | Error> {
  try {
    return await drain(streamResults(parseNdjson(chunksOf(bytes, cuts)), { operation: 'Fuzz' }));
  } catch (error) {
    return error as Error;
  }
}

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const cuts = fc.array(fc.nat(), { maxLength: 8 });

describe('NDJSON parsing of generated input', () => {
  it('returns every result of a well-formed stream, whatever the chunk boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(jsonValue, { maxLength: 12 }), cuts, async (results, at) => {
        const text = results.map((result) => `${JSON.stringify({ result })}\n`).join('');
        const outcome = await outcomeOf(Buffer.from(text), at);
        expect(outcome).toStrictEqual(JSON.parse(JSON.stringify(results)));
      }),
      { numRuns: 4_000, seed: SEED },
    );
  });

  it('gives results or a StreamError for arbitrary bytes, never another error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), cuts, async (bytes, at) => {
        const outcome = await outcomeOf(Buffer.from(bytes), at);
        if (outcome instanceof Error) expect(outcome).toBeInstanceOf(StreamError);
        else expect(Array.isArray(outcome)).toBe(true);
      }),
      { numRuns: 8_000, seed: SEED + 1 },
    );
  });

  it('never returns a silently short result when a well-formed stream is cut mid-line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(jsonValue, { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        cuts,
        async (results, where, at) => {
          const full = Buffer.from(results.map((result) => `${JSON.stringify({ result })}\n`).join(''));
          // A cut anywhere except right after a newline leaves an unfinished last line.
          const end = Math.min(full.length - 1, Math.floor(where * full.length));
          fc.pre(end > 0 && full[end - 1] !== 0x0a);
          const outcome = await outcomeOf(full.subarray(0, end), at);
          expect(outcome).toBeInstanceOf(StreamError);
        },
      ),
      { numRuns: 2_500, seed: SEED + 2 },
    );
  });

  it('turns mutated lines (non-objects, error lines, broken JSON) into StreamError after the good ones', async () => {
    const badLine = fc.oneof(
      jsonValue
        .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))
        .map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 20 }).map((message) => JSON.stringify({ error: { error: message, code: 13 } })),
      fc.string({ maxLength: 20 }).map((message) => JSON.stringify({ error: { message } })),
      fc.string({ minLength: 1, maxLength: 20 }).filter((s) => {
        try {
          JSON.parse(s);
          return false;
        } catch {
          return s.trim() !== '' && !s.includes('\n');
        }
      }),
      fc
        .dictionary(
          fc.string({ maxLength: 5 }).filter((k) => k !== 'result' && k !== 'error'),
          jsonValue,
          {
            maxKeys: 3,
          },
        )
        .map((o) => JSON.stringify(o)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(jsonValue, { maxLength: 5 }), badLine, cuts, async (good, bad, at) => {
        const text = `${good.map((result) => JSON.stringify({ result })).join('\n')}${good.length ? '\n' : ''}${bad}\n{"result":"after"}\n`;
        const seen: unknown[] = [];
        let failure: unknown;
        try {
          for await (const value of streamResults(parseNdjson(chunksOf(Buffer.from(text), at)), {
            operation: 'Fuzz',
          }))
            seen.push(value);
        } catch (error) {
          failure = error;
        }
        expect(failure).toBeInstanceOf(StreamError);
        expect(failure).toBeInstanceOf(DeterminedError);
        expect(seen).toStrictEqual(JSON.parse(JSON.stringify(good)));
      }),
      { numRuns: 4_000, seed: SEED + 3 },
    );
  });
});
