import fsPromises, { lstat, mkdir, readdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError } from '../../core/errors';
import { useTempDir } from '../../testing/temp-dir';
import {
  createPartialDir,
  isNotFound,
  mergeMove,
  movePartialIntoPlace,
  removePartialDir,
  removePartialDirUntilGone,
} from './atomic-target';

const tmp = useTempDir('det-atomic-target-');

/** Writes `files` (relative path → content) under `root`, creating directories as needed. */
async function tree(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
}

/** Every file under `root` with its content, paths relative and sorted. */
async function contents(root: string): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    found[path.relative(root, full)] = await readFile(full, 'utf8');
  }
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => a.localeCompare(b)));
}

describe('createPartialDir', () => {
  it('creates the missing parents and an empty sibling named after the target', async () => {
    const target = path.join(tmp.path, 'a', 'b', 'ckpt');
    const partial = await createPartialDir(target);
    expect(path.dirname(partial)).toBe(path.join(tmp.path, 'a', 'b'));
    expect(path.basename(partial)).toMatch(/^ckpt\.partial-[0-9a-f]{12}$/);
    expect(await readdir(partial)).toStrictEqual([]);
  });

  it('resolves a relative target against the working directory', async () => {
    const partial = await createPartialDir(path.relative(process.cwd(), path.join(tmp.path, 'rel')));
    expect(path.isAbsolute(partial)).toBe(true);
    expect(path.dirname(partial)).toBe(tmp.path);
  });
});

describe('movePartialIntoPlace', () => {
  it('renames the partial directory to a missing target', async () => {
    const partial = await createPartialDir(path.join(tmp.path, 'out'));
    await tree(partial, { 'a.txt': 'a' });
    await movePartialIntoPlace(partial, path.join(tmp.path, 'out'));
    expect(await contents(path.join(tmp.path, 'out'))).toStrictEqual({ 'a.txt': 'a' });
    expect(await readdir(tmp.path)).toStrictEqual(['out']);
  });

  it('replaces an empty target directory', async () => {
    await mkdir(path.join(tmp.path, 'out'));
    const partial = await createPartialDir(path.join(tmp.path, 'out'));
    await tree(partial, { 'a.txt': 'a' });
    await movePartialIntoPlace(partial, path.join(tmp.path, 'out'));
    expect(await contents(path.join(tmp.path, 'out'))).toStrictEqual({ 'a.txt': 'a' });
    expect(await readdir(tmp.path)).toStrictEqual(['out']);
  });

  it('refuses a target that is a file, naming it', async () => {
    await writeFile(path.join(tmp.path, 'out'), 'mine');
    const partial = await createPartialDir(path.join(tmp.path, 'out'));
    await expect(movePartialIntoPlace(partial, path.join(tmp.path, 'out'))).rejects.toThrow(
      new InvalidArgumentError(
        `Download target '${path.join(tmp.path, 'out')}' exists and is not a directory`,
      ),
    );
  });

  it('merges into a non-empty target: new files added, same-named files replaced, the rest kept', async () => {
    const target = path.join(tmp.path, 'out');
    await tree(target, { 'keep.txt': 'keep', 'a.txt': 'stale', 'sub/old.txt': 'old' });
    const partial = await createPartialDir(target);
    await tree(partial, { 'a.txt': 'fresh', 'sub/new.txt': 'new', 'sub/deeper/x.txt': 'x' });
    await movePartialIntoPlace(partial, target);
    expect(await contents(target)).toStrictEqual({
      'a.txt': 'fresh',
      'keep.txt': 'keep',
      'sub/deeper/x.txt': 'x',
      'sub/new.txt': 'new',
      'sub/old.txt': 'old',
    });
    expect(await readdir(tmp.path)).toStrictEqual(['out']);
  });

  it('refuses a clash deep in the tree before moving anything', async () => {
    const target = path.join(tmp.path, 'out');
    await tree(target, { 'a.txt': 'stale', 'sub/deeper/x.txt/mine': 'mine' });
    const partial = await createPartialDir(target);
    await tree(partial, { 'a.txt': 'fresh', 'sub/deeper/x.txt': 'x' });
    await expect(movePartialIntoPlace(partial, target)).rejects.toThrow(
      new InvalidArgumentError(
        `Download target '${target}' holds a directory '${path.join('sub', 'deeper', 'x.txt')}' where the download has a file; nothing was changed: move it away or download into another directory`,
      ),
    );
    expect(await contents(target)).toStrictEqual({ 'a.txt': 'stale', 'sub/deeper/x.txt/mine': 'mine' });
  });

  it('reports the first clash in name order, after directories that merge cleanly', async () => {
    const target = path.join(tmp.path, 'out');
    await tree(target, { 'a/kept.txt': 'kept', 'b/mine.txt': 'mine' });
    const partial = await createPartialDir(target);
    await tree(partial, { 'a/new.txt': 'new', b: 'a file', 'c/x.txt': 'x' });
    await expect(movePartialIntoPlace(partial, target)).rejects.toThrow(
      /holds a directory 'b' where the download has a file/,
    );
    expect(await contents(target)).toStrictEqual({ 'a/kept.txt': 'kept', 'b/mine.txt': 'mine' });
  });

  it('treats a symlink of the target as a file: a download directory there is refused', async () => {
    const target = path.join(tmp.path, 'out');
    await tree(target, { 'real/a.txt': 'a' });
    await symlink('real', path.join(target, 'link'));
    const partial = await createPartialDir(target);
    await tree(partial, { 'link/b.txt': 'b' });
    await expect(movePartialIntoPlace(partial, target)).rejects.toThrow(
      /holds a file 'link' where the download has a directory/,
    );
    expect(await readlink(path.join(target, 'link'))).toBe('real');
  });
});

describe('mergeMove', () => {
  it('moves everything and removes the emptied source', async () => {
    const src = path.join(tmp.path, 'src');
    const dst = path.join(tmp.path, 'dst');
    await tree(src, { 'a.txt': 'a', 'd/b.txt': 'b' });
    await tree(dst, { 'd/c.txt': 'c' });
    await mergeMove(src, dst);
    expect(await contents(dst)).toStrictEqual({ 'a.txt': 'a', 'd/b.txt': 'b', 'd/c.txt': 'c' });
    expect(await readdir(tmp.path)).toStrictEqual(['dst']);
  });
});

describe('removing partial directories', () => {
  it('removePartialDir removes a tree and ignores a missing one', async () => {
    const partial = path.join(tmp.path, 'p');
    await tree(partial, { 'x/y.txt': 'y' });
    await removePartialDir(partial);
    await removePartialDir(partial);
    expect(await readdir(tmp.path)).toStrictEqual([]);
  });

  it('removePartialDirUntilGone removes a tree and returns once it is gone', async () => {
    const partial = path.join(tmp.path, 'p');
    await tree(partial, { 'a/b.txt': 'b' });
    await removePartialDirUntilGone(partial);
    await expect(lstat(partial)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('removePartialDirUntilGone tries again when the directory is still there', async () => {
    const partial = path.join(tmp.path, 'p');
    await tree(partial, { 'a.txt': 'a' });
    // The first removal misses (as when the extractor writes again right after it).
    const rm = jest.spyOn(fsPromises, 'rm').mockImplementationOnce(async () => undefined);
    let removals: number;
    try {
      await removePartialDirUntilGone(partial);
      removals = rm.mock.calls.length;
    } finally {
      rm.mockRestore();
    }
    expect(removals).toBe(2);
    await expect(lstat(partial)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('isNotFound is true for ENOENT only', () => {
    expect(isNotFound(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(true);
    expect(isNotFound(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe(false);
    expect(isNotFound(undefined)).toBe(false);
  });
});
