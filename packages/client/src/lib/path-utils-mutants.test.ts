import type { BigIntStats } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeterminedError, InvalidArgumentError } from '../core/errors';
import {
  copyTree,
  fullStoragePath,
  loadDetignore,
  mtimeString,
  sharedFsCandidates,
  sizeofFmt,
} from './path-utils';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'det-path-utils-mutants-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sizeofFmt unit boundaries', () => {
  it.each([
    [1023, '1023.0B'],
    [1024, '1.0KB'],
    [-1023, '-1023.0B'],
    [-2048, '-2.0KB'],
    [1024 ** 4, '1.0TB'],
    [1024 ** 5, '1.0PB'],
    [1024 ** 6, '1.0EB'],
    [1024 ** 7, '1.0ZB'],
    [1024 ** 9, '1024.0YB'],
  ])('formats %d as %s', (bytes, text) => {
    expect(sizeofFmt(bytes)).toBe(text);
  });
});

describe('mtimeString', () => {
  const withNs = (mtimeNs: bigint) => ({ mtimeNs }) as BigIntStats;

  it('borrows a second for a negative time with a fraction, then truncates toward zero', () => {
    expect(mtimeString(withNs(-2_250_000_000n))).toBe('-2');
    expect(mtimeString(withNs(-2_000_000_000n))).toBe('-2');
    expect(mtimeString(withNs(-250_000_000n))).toBe('0');
    expect(mtimeString(withNs(999_999_999n))).toBe('0');
  });

  // Python adds a timespec's non-negative nanoseconds to its (rounded) seconds; beyond 2^53
  // seconds the rounding shows whether the nanoseconds were borrowed into that form.
  it('rounds like Python where doubles can no longer hold every second', () => {
    const secondsOf2p53 = 2n ** 53n * 1_000_000_000n;
    expect(mtimeString(withNs(-secondsOf2p53 - 1n))).toBe('-9007199254740991');
    expect(mtimeString(withNs(-secondsOf2p53))).toBe('-9007199254740992');
  });
});

describe('loadDetignore', () => {
  it('matches a directory pattern against the directory name alone', async () => {
    await writeFile(path.join(dir, '.detignore'), 'build/\n');
    const m = await loadDetignore(dir);
    expect(m.ignoresDir('build')).toBe(true);
    expect(m.ignoresFile('build')).toBe(false);
    expect(m.ignoresDir('src')).toBe(false);
  });

  it('matches case-sensitively, like pathspec', async () => {
    const m = await loadDetignore(dir);
    expect(m.ignoresDir('.git')).toBe(true);
    expect(m.ignoresDir('.GIT')).toBe(false);
  });

  it('treats a root that is a file as having no .detignore', async () => {
    const file = path.join(dir, 'not-a-dir');
    await writeFile(file, '');
    expect((await loadDetignore(file)).ignoresFile('x.txt')).toBe(false);
  });

  it('treats a .detignore that is a directory as absent', async () => {
    await mkdir(path.join(dir, '.detignore'));
    expect((await loadDetignore(dir)).ignoresFile('x.txt')).toBe(false);
  });

  it('names an unreadable .detignore and keeps the read error as cause', async () => {
    const file = path.join(dir, '.detignore');
    await symlink(file, file);
    const error = await loadDetignore(dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    // Under jest, errors of Node's fs come from another realm (not `instanceof Error`) and read as
    // "Error: …"; outside jest the prefix is absent.
    expect((error as Error).message).toMatch(
      /^Cannot read .*\.detignore: (Error: )?ELOOP: too many symbolic links/,
    );
    expect((error as Error).cause).toMatchObject({ code: 'ELOOP' });
  });
});

describe('copyTree', () => {
  it('merges nested directories, overwriting files and keeping modes and times', async () => {
    const src = path.join(dir, 'src');
    const dst = path.join(dir, 'dst');
    await mkdir(path.join(src, 'sub'), { recursive: true });
    await mkdir(dst);
    await writeFile(path.join(src, 'run.sh'), 'echo hi');
    await chmod(path.join(src, 'run.sh'), 0o751);
    await writeFile(path.join(src, 'sub', 'data.txt'), 'new');
    await writeFile(path.join(dst, 'keep.txt'), 'kept');
    await mkdir(path.join(dst, 'sub'));
    await writeFile(path.join(dst, 'sub', 'data.txt'), 'old');
    const when = new Date('2020-01-02T03:04:05Z');
    await utimes(path.join(src, 'run.sh'), when, when);
    await chmod(path.join(src, 'sub'), 0o750);
    await utimes(path.join(src, 'sub'), when, when);
    await chmod(src, 0o705);

    await copyTree(src, dst);

    expect(await readFile(path.join(dst, 'run.sh'), 'utf8')).toBe('echo hi');
    expect(await readFile(path.join(dst, 'sub', 'data.txt'), 'utf8')).toBe('new');
    expect(await readFile(path.join(dst, 'keep.txt'), 'utf8')).toBe('kept');
    const script = await stat(path.join(dst, 'run.sh'));
    expect(script.mode & 0o7777).toBe(0o751);
    expect(script.mtime.toISOString()).toBe(when.toISOString());
    const sub = await stat(path.join(dst, 'sub'));
    expect(sub.mode & 0o7777).toBe(0o750);
    expect(sub.mtime.toISOString()).toBe(when.toISOString());
    expect((await stat(dst)).mode & 0o7777).toBe(0o705);
  });

  it('follows symlinks, copying what they point at', async () => {
    const src = path.join(dir, 'src');
    await mkdir(path.join(dir, 'real'), { recursive: true });
    await mkdir(src);
    await writeFile(path.join(dir, 'real', 'f.txt'), 'via link');
    await symlink(path.join(dir, 'real'), path.join(src, 'linked'));
    await copyTree(src, path.join(dir, 'dst'));
    expect(await readFile(path.join(dir, 'dst', 'linked', 'f.txt'), 'utf8')).toBe('via link');
    expect((await stat(path.join(dir, 'dst', 'linked'))).isDirectory()).toBe(true);
  });
});

describe('shared_fs paths', () => {
  it('refuses a relative host_path', () => {
    expect(() => fullStoragePath('mnt/host', undefined)).toThrow(
      new InvalidArgumentError('`host_path` must be an absolute path.'),
    );
  });

  it('takes an absolute storage_path as it is and a relative one under host_path', () => {
    expect(fullStoragePath('/mnt/host', '/mnt/host/x/../y')).toBe('/mnt/host/y');
    expect(fullStoragePath('/mnt/host', 'x/../y', '/base')).toBe('/base/y');
  });

  it('needs a host_path and ignores a storage_path that is not a string', () => {
    expect(() => sharedFsCandidates({ storage_path: 's' }, 'u')).toThrow(
      new DeterminedError('shared_fs checkpoint storage has no host_path'),
    );
    expect(sharedFsCandidates({ host_path: '/h', storage_path: 7 }, 'u')).toStrictEqual([
      '/h/u',
      '/determined_shared_fs/u',
    ]);
  });
});
