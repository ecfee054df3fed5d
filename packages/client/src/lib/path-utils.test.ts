import type { BigIntStats } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { InvalidArgumentError } from '../core/errors';
import { type RawTarEntry, rawTar, rawTarStream } from '../reliability/tar-bytes';
import {
  ArchiveExtractionError,
  extractArchiveAtomically,
  fullStoragePath,
  loadDetignore,
  mtimeString,
  sharedFsCandidates,
  sizeofFmt,
  UnsafeArchiveEntryError,
} from './path-utils';

describe('sizeofFmt', () => {
  it.each([
    [0, '0.0B'],
    [512, '512.0B'],
    [1536, '1.5KB'],
    [99_614_720, '95.0MB'],
    [10 * 1024 ** 3, '10.0GB'],
    [1024 ** 8, '1.0YB'],
  ])('formats %d as %s like Python', (bytes, text) => {
    expect(sizeofFmt(bytes)).toBe(text);
  });
});

describe('mtimeString', () => {
  const withNs = (mtimeNs: bigint) => ({ mtimeNs }) as BigIntStats;

  it('truncates to whole seconds', () => {
    expect(mtimeString(withNs(1_700_000_000_750_000_000n))).toBe('1700000000');
  });

  it('truncates negative times toward zero, as int() does', () => {
    expect(mtimeString(withNs(-1_500_000_000n))).toBe('-1');
  });
});

describe('loadDetignore', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'det-ignore-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('works without a .detignore file', async () => {
    const m = await loadDetignore(dir);
    expect(m.ignoresDir('.git')).toBe(true);
    expect(m.ignoresFile('a.py')).toBe(false);
  });

  it('anchors /shared_fs at the root only', async () => {
    const m = await loadDetignore(dir);
    expect(m.ignoresDir('shared_fs')).toBe(true);
    expect(m.ignoresDir('x/shared_fs')).toBe(false);
  });

  it('lets later lines re-include defaults', async () => {
    await writeFile(path.join(dir, '.detignore'), '!*.pyc\n');
    const m = await loadDetignore(dir);
    expect(m.ignoresFile('a.pyc')).toBe(false);
    expect(m.ignoresFile('a.pyo')).toBe(true);
  });
});

describe('shared_fs paths', () => {
  it('resolves storage_path under host_path and under the container mount', () => {
    expect(fullStoragePath('/mnt/host', undefined)).toBe('/mnt/host');
    expect(fullStoragePath('/mnt/host', undefined, '/determined_shared_fs')).toBe('/determined_shared_fs');
    expect(fullStoragePath('/mnt/host', 'a/b')).toBe('/mnt/host/a/b');
    expect(fullStoragePath('/mnt/host', '/mnt/host/a', '/determined_shared_fs')).toBe(
      '/determined_shared_fs/a',
    );
    expect(sharedFsCandidates({ host_path: '/h', storage_path: 's' }, 'u')).toEqual([
      '/h/s/u',
      '/determined_shared_fs/s/u',
    ]);
  });

  it('rejects a storage_path outside host_path', () => {
    expect(() => fullStoragePath('/mnt/host', '../etc')).toThrow(
      'storage path must be a subdirectory of host path.',
    );
    expect(() => fullStoragePath('/mnt/host', '/etc')).toThrow(InvalidArgumentError);
  });

  it('keeps the upstream string-prefix check', () => {
    expect(fullStoragePath('/mnt/host', '/mnt/hostile')).toBe('/mnt/hostile');
  });
});

const tgz = (entries: readonly RawTarEntry[]): Readable => Readable.from(gzipSync(rawTar(entries)));

describe('extractArchiveAtomically', () => {
  let dir: string;
  let target: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'det-extract-'));
    target = path.join(dir, 'parent', 'ckpt');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const leftovers = async (): Promise<string[]> => readdir(path.dirname(target)).catch(() => []);

  it('extracts into a new target and leaves no partial directory', async () => {
    await extractArchiveAtomically(
      tgz([
        { path: 'a.txt', body: 'A' },
        { path: 'sub/', type: 'Directory' },
        { path: 'sub/b.txt', body: 'B' },
      ]),
      target,
      { format: 'tgz' },
    );
    await expect(readFile(path.join(target, 'a.txt'), 'utf8')).resolves.toBe('A');
    await expect(readFile(path.join(target, 'sub', 'b.txt'), 'utf8')).resolves.toBe('B');
    expect(await leftovers()).toEqual(['ckpt']);
  });

  it('accepts ./-prefixed names as written by tar tools', async () => {
    await extractArchiveAtomically(tgz([{ path: './x.txt', body: 'x' }]), target, { format: 'tgz' });
    await expect(readFile(path.join(target, 'x.txt'), 'utf8')).resolves.toBe('x');
  });

  it('reads an uncompressed tar with format tar', async () => {
    await extractArchiveAtomically(rawTarStream([{ path: 'p', body: 'plain' }]), target, {
      format: 'tar',
    });
    await expect(readFile(path.join(target, 'p'), 'utf8')).resolves.toBe('plain');
  });

  it('replaces an existing empty target', async () => {
    await mkdir(target, { recursive: true });
    await extractArchiveAtomically(tgz([{ path: 'a', body: 'a' }]), target, { format: 'tgz' });
    expect(await readdir(target)).toEqual(['a']);
    expect(await leftovers()).toEqual(['ckpt']);
  });

  it('merges into an existing non-empty target, replacing clashing files', async () => {
    await mkdir(path.join(target, 'sub'), { recursive: true });
    await writeFile(path.join(target, 'keep.txt'), 'mine');
    await writeFile(path.join(target, 'sub', 'old.txt'), 'old');
    await writeFile(path.join(target, 'a.txt'), 'stale');
    await extractArchiveAtomically(
      tgz([
        { path: 'a.txt', body: 'fresh' },
        { path: 'sub/new.txt', body: 'new' },
      ]),
      target,
      { format: 'tgz' },
    );
    expect((await readdir(target)).sort()).toEqual(['a.txt', 'keep.txt', 'sub']);
    expect((await readdir(path.join(target, 'sub'))).sort()).toEqual(['new.txt', 'old.txt']);
    await expect(readFile(path.join(target, 'a.txt'), 'utf8')).resolves.toBe('fresh');
    expect(await leftovers()).toEqual(['ckpt']);
  });

  it('leaves nothing behind when the stream fails midway', async () => {
    const archive = gzipSync(
      rawTar([
        { path: 'first.txt', body: 'complete' },
        { path: 'big.bin', body: 'z'.repeat(200_000) },
      ]),
    );
    let reads = 0;
    const body = new Readable({
      read() {
        reads += 1;
        if (reads === 1) this.push(archive.subarray(0, archive.length / 2));
        else this.destroy(new Error('connection reset'));
      },
    });
    const error = await extractArchiveAtomically(body, target, {
      format: 'tgz',
      subject: 'The upload',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArchiveExtractionError);
    expect((error as Error).message).toBe(
      'The upload could not be extracted: the download was interrupted before the archive ended (connection reset)',
    );
    expect((error as Error).cause).toEqual(new Error('connection reset'));
    expect(reads).toBeGreaterThan(1);
    expect(await leftovers()).toEqual([]);
  });

  it('reports a body that failed before extraction started', async () => {
    const body = new Readable({ read() {} });
    body.destroy(new Error('reset early'));
    const error = await extractArchiveAtomically(body, target, { format: 'tgz' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArchiveExtractionError);
    expect((error as Error).message).toBe(
      'The archive could not be extracted: the download was interrupted before the archive ended (reset early)',
    );
    expect(await leftovers()).toEqual([]);
  });

  it.each([
    ['tgz', gzipSync(rawTar([{ path: 'a', body: 'x'.repeat(5000) }]))],
    ['tar', rawTar([{ path: 'a', body: 'x'.repeat(5000) }])],
  ] as const)(
    'rejects a truncated %s archive with ArchiveExtractionError naming the subject',
    async (format, archive) => {
      const cut = format === 'tgz' ? archive.length - 40 : 2048;
      const error = await extractArchiveAtomically(Readable.from(archive.subarray(0, cut)), target, {
        format,
        subject: 'The model definition of experiment 7',
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ArchiveExtractionError);
      expect((error as Error).message).toBe(
        'The model definition of experiment 7 could not be extracted: the archive is truncated',
      );
      expect(await leftovers()).toEqual([]);
    },
  );

  it("rejects a body that is not gzip when tgz is expected, without zlib's own error", async () => {
    const error = await extractArchiveAtomically(rawTarStream([{ path: 'a', body: 'a' }]), target, {
      format: 'tgz',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArchiveExtractionError);
    expect((error as Error).message).toBe(
      'The archive could not be extracted: the body is not a gzip-compressed tar archive',
    );
    expect((error as Error).message).not.toMatch(/incorrect header check/);
    expect(await leftovers()).toEqual([]);
  });

  it.each([
    [[{ path: '../evil.txt', body: 'x' }], "path '../evil.txt' contains '..'"],
    [[{ path: 'a/../../evil.txt', body: 'x' }], "contains '..'"],
    [[{ path: '/tmp/evil.txt', body: 'x' }], "absolute path '/tmp/evil.txt'"],
    [
      [{ path: 'ln', type: 'SymbolicLink' as const, linkpath: '/etc/passwd' }],
      'points outside the target directory',
    ],
    [
      [{ path: 'd/ln', type: 'SymbolicLink' as const, linkpath: '../../x' }],
      'points outside the target directory',
    ],
    [[{ path: 'hard', type: 'Link' as const, linkpath: '../x' }], 'points outside the target directory'],
  ])('rejects path traversal (%p)', async (entries, message) => {
    const archive = tgz([{ path: 'ok.txt', body: 'ok' }, ...entries]);
    const error = await extractArchiveAtomically(archive, target, { format: 'tgz' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsafeArchiveEntryError);
    expect((error as Error).message).toContain(message);
    expect(await leftovers()).toEqual([]);
    expect(await readdir(dir)).toEqual(['parent']);
  });

  it('allows a symlink that stays inside the target', async () => {
    await extractArchiveAtomically(
      tgz([
        { path: 'd/f', body: 'f' },
        { path: 'd/ln', type: 'SymbolicLink', linkpath: '../d/f' },
      ]),
      target,
      { format: 'tgz' },
    );
    await expect(readFile(path.join(target, 'd', 'ln'), 'utf8')).resolves.toBe('f');
  });

  it('refuses a target that is a file', async () => {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, '');
    await expect(
      extractArchiveAtomically(tgz([{ path: 'a', body: 'a' }]), target, { format: 'tgz' }),
    ).rejects.toThrow(InvalidArgumentError);
    expect(await leftovers()).toEqual(['ckpt']);
  });
});
