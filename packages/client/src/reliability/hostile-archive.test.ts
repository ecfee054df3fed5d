import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { extractArchiveAtomically, UnsafeArchiveEntryError } from '../lib/path-utils';
import { HOSTILE_ARCHIVES, rawTar } from './tar-bytes';

describe('the hostile archive corpus', () => {
  let dir: string;
  let target: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'det-hostile-'));
    target = path.join(dir, 'parent', 'ckpt');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const cases = HOSTILE_ARCHIVES.flatMap(({ name, entries }) => [
    { name, format: 'tar' as const, bytes: rawTar([{ path: 'ok.txt', body: 'ok' }, ...entries]) },
    { name, format: 'tgz' as const, bytes: gzipSync(rawTar([{ path: 'ok.txt', body: 'ok' }, ...entries])) },
  ]);

  it.each(cases)('refuses $name ($format) and leaves nothing behind', async ({ format, bytes }) => {
    const error = await extractArchiveAtomically(Readable.from(bytes), target, { format }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnsafeArchiveEntryError);
    expect(await readdir(dir)).toStrictEqual(['parent']);
    expect(await readdir(path.join(dir, 'parent'))).toStrictEqual([]);
  });
});
