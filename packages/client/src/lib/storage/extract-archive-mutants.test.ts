import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { DeterminedError, InvalidArgumentError } from '../../core/errors';
import { type RawTarEntry, rawTar, rawTarStream } from '../../reliability/tar-bytes';
import { useTempDir } from '../../testing/temp-dir';
import { ArchiveExtractionError, UnsafeArchiveEntryError } from './errors';
import { extractArchiveAtomically } from './extract-archive';

const tmp = useTempDir('det-extract-mutants-');

const _tarBody = (entries: readonly RawTarEntry[]): Readable => Readable.from(rawTar(entries));
const tgzBody = (entries: readonly RawTarEntry[]): Readable => Readable.from(gzipSync(rawTar(entries)));

describe('entry paths', () => {
  it('allows a colon that is not a drive letter at the start', async () => {
    const target = path.join(tmp.path, 'out');
    await extractArchiveAtomically(rawTarStream([{ path: 'x/c:d.txt', body: 'colon' }]), target, {
      format: 'tar',
    });
    expect(await readFile(path.join(target, 'x', 'c:d.txt'), 'utf8')).toBe('colon');
  });

  it('resolves a hard link from the archive root, not from the entry directory', async () => {
    const entries: RawTarEntry[] = [
      { path: 'deep/', type: 'Directory' },
      { path: 'deep/er/', type: 'Directory' },
      { path: 'deep/er/hard', type: 'Link', linkpath: '../x' },
    ];
    await expect(
      extractArchiveAtomically(rawTarStream(entries), path.join(tmp.path, 'out'), { format: 'tar' }),
    ).rejects.toThrow(UnsafeArchiveEntryError);
    expect(await readdir(tmp.path)).toStrictEqual([]);
  });
});

describe('progress', () => {
  it('counts regular files only, old-style ones included', async () => {
    const onFile = jest.fn();
    const entries: RawTarEntry[] = [
      { path: 'd/', type: 'Directory' },
      { path: 'd/a.txt', body: 'a' },
      { path: 'd/b.txt', body: 'b' },
      { path: 'd/old.txt', type: 'OldFile', body: 'old' },
      { path: 'd/ln', type: 'SymbolicLink', linkpath: 'a.txt' },
    ];
    await extractArchiveAtomically(tgzBody(entries), path.join(tmp.path, 'out'), { format: 'tgz', onFile });
    expect(onFile).toHaveBeenCalledTimes(3);
    expect(await readFile(path.join(tmp.path, 'out', 'd', 'old.txt'), 'utf8')).toBe('old');
  });
});

describe('the expansion limit', () => {
  const entries: RawTarEntry[] = [{ path: 'a.txt', body: 'a'.repeat(2000) }];
  const expanded = rawTar(entries).length;

  it('lets an archive expand to exactly the limit', async () => {
    const target = path.join(tmp.path, 'out');
    await extractArchiveAtomically(tgzBody(entries), target, { format: 'tgz', maxExpandedBytes: expanded });
    expect(await readFile(path.join(target, 'a.txt'), 'utf8')).toHaveLength(2000);
  });

  it('stops one byte beyond it with an error of its own, without a cause', async () => {
    const error = await extractArchiveAtomically(tgzBody(entries), path.join(tmp.path, 'out'), {
      format: 'tgz',
      maxExpandedBytes: expanded - 1,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ArchiveExtractionError);
    expect((error as Error).message).toBe(
      `The archive could not be extracted: the archive expands beyond ${expanded - 1} bytes (a gzip bomb?)`,
    );
    expect(Object.hasOwn(error as object, 'cause')).toBe(false);
  });
});

describe('failures', () => {
  it('refuses a tar header with a bad checksum instead of skipping it', async () => {
    const bytes = rawTar([{ path: 'a.txt', body: 'a' }]);
    bytes[148] = 0x37;
    await expect(
      extractArchiveAtomically(Readable.from(bytes), path.join(tmp.path, 'out'), { format: 'tar' }),
    ).rejects.toThrow(ArchiveExtractionError);
    expect(await readdir(tmp.path)).toStrictEqual([]);
  });

  it('refuses an archive whose second header has a bad checksum instead of extracting the first entry', async () => {
    const bytes = rawTar([
      { path: 'a.txt', body: 'a' },
      { path: 'b.txt', body: 'b' },
    ]);
    bytes[1024 + 148] = 0x37;
    await expect(
      extractArchiveAtomically(Readable.from(bytes), path.join(tmp.path, 'out'), { format: 'tar' }),
    ).rejects.toThrow('The archive could not be extracted: the body is not a valid tar archive');
    expect(await readdir(tmp.path)).toStrictEqual([]);
  });

  it('refuses to merge a file over a directory of the target, or a directory over a file, changing nothing', async () => {
    const target = path.join(tmp.path, 'out');
    await mkdir(path.join(target, 'a.txt'), { recursive: true });
    await writeFile(path.join(target, 'a.txt', 'mine'), 'mine');
    await writeFile(path.join(target, 'keep.txt'), 'keep');
    await expect(
      extractArchiveAtomically(
        rawTarStream([
          { path: 'keep.txt', body: 'new' },
          { path: 'a.txt', body: 'a' },
        ]),
        target,
        {
          format: 'tar',
        },
      ),
    ).rejects.toThrow(
      new InvalidArgumentError(
        `Download target '${target}' holds a directory 'a.txt' where the download has a file; nothing was changed: move it away or download into another directory`,
      ),
    );
    await expect(
      extractArchiveAtomically(rawTarStream([{ path: 'keep.txt/x', body: 'x' }]), target, { format: 'tar' }),
    ).rejects.toThrow(/holds a file 'keep.txt' where the download has a directory; nothing was changed/);
    expect(await readFile(path.join(target, 'a.txt', 'mine'), 'utf8')).toBe('mine');
    expect(await readFile(path.join(target, 'keep.txt'), 'utf8')).toBe('keep');
    expect((await readdir(tmp.path)).sort()).toStrictEqual(['out']);
  });

  it('says the body was cut off when the body itself failed, and names a corrupt archive otherwise', async () => {
    const cut = new Readable({
      read() {
        this.destroy(new Error('socket hang up'));
      },
    });
    await expect(extractArchiveAtomically(cut, path.join(tmp.path, 'a'), { format: 'tgz' })).rejects.toThrow(
      'The archive could not be extracted: the download was interrupted before the archive ended (socket hang up)',
    );
    await expect(
      extractArchiveAtomically(Readable.from(Buffer.from('plain text, not gzip')), path.join(tmp.path, 'b'), {
        format: 'tgz',
      }),
    ).rejects.toThrow('The archive could not be extracted: the body is not a gzip-compressed tar archive');
  });

  it('passes on a DeterminedError the body was stopped with', async () => {
    const cancelled = new DeterminedError('cancelled by the caller');
    const body = new Readable({
      read() {
        this.destroy(cancelled);
      },
    });
    await expect(extractArchiveAtomically(body, path.join(tmp.path, 'out'), { format: 'tgz' })).rejects.toBe(
      cancelled,
    );
  });

  it('reports a target whose parent is a file as files that could not be written', async () => {
    const file = path.join(tmp.path, 'file');
    await writeFile(file, '');
    await expect(
      extractArchiveAtomically(rawTarStream([{ path: 'a.txt', body: 'a' }]), path.join(file, 'out'), {
        format: 'tar',
      }),
    ).rejects.toThrow(
      /^The archive could not be extracted: the extracted files could not be written \(EEXIST: file already exists/,
    );
  });
});
