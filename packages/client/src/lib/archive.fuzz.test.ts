import { mkdtemp, readdir, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { DeterminedError } from '../core/errors';
import { rawTar } from '../reliability/tar-bytes';
import { extractArchiveAtomically } from './path-utils';

const SEED = 20_261_135;

/** Every path under `root` (links not followed), relative to it. */
async function listTree(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true });
  return entries.map(String);
}

const entryName = fc
  .array(fc.constantFrom('a', 'b', '..', '.', '', '/', '\\', 'C:', 'x.txt', '~'), {
    minLength: 1,
    maxLength: 5,
  })
  .map((parts) => parts.join('/'));
const entry = fc.record({
  path: entryName.filter((p) => p.length > 0 && Buffer.byteLength(p) < 100),
  type: fc.constantFrom('File' as const, 'Directory' as const, 'SymbolicLink' as const, 'Link' as const),
  body: fc.string({ maxLength: 20 }),
  linkpath: entryName.filter((p) => Buffer.byteLength(p) < 100),
});

/** A valid archive of generated entries, then optionally damaged at a few byte positions. */
const archive = fc.record({
  entries: fc.array(entry, { maxLength: 4 }),
  flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
  cut: fc.option(fc.nat(), { nil: undefined }),
  format: fc.constantFrom('tar' as const, 'tgz' as const),
});

describe('archive extraction of generated input', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await realpath(await mkdtemp(path.join(tmpdir(), 'det-archive-fuzz-')));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('extracts inside the target or rejects with nothing left; never writes outside, never hangs', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(archive, async ({ entries, flips, cut, format }) => {
        const tarBytes = rawTar(entries);
        let bytes = format === 'tgz' ? gzipSync(tarBytes) : Buffer.from(tarBytes);
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        if (cut !== undefined) bytes = bytes.subarray(0, cut % (bytes.length + 1));
        const box = path.join(dir, String(run++));
        const target = path.join(box, 'parent', 'ckpt');
        const outcome = await extractArchiveAtomically(Readable.from([bytes]), target, { format }).then(
          () => 'ok' as const,
          (error: unknown) => error,
        );
        // Only the target (or nothing, after a failure) may exist next to it, and nothing above it.
        expect(await readdir(box)).toStrictEqual(['parent']);
        const siblings = await readdir(path.join(box, 'parent'));
        if (outcome === 'ok') expect(siblings).toStrictEqual(['ckpt']);
        else {
          // Every failure is one of ours: tar's and zlib's errors are only ever the cause.
          expect(outcome).toBeInstanceOf(DeterminedError);
          expect(siblings).toStrictEqual([]);
        }
        if (outcome === 'ok') {
          for (const name of await listTree(target)) expect(name.split(path.sep)).not.toContain('..');
        }
        await rm(box, { recursive: true, force: true });
      }),
      { numRuns: 400, seed: SEED },
    );
  }, 120_000);
});
