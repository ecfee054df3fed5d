import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { type RawTarEntry, rawTarStream } from '../../reliability/tar-bytes';
import { useTempDir } from '../../testing/temp-dir';
import { UnsafeArchiveEntryError } from './errors';
import { extractArchiveAtomically } from './extract-archive';

const tmp = useTempDir('det-extract-links-');

describe('links inside the target', () => {
  it('extracts a symlink, a hard link and a file after them', async () => {
    const target = path.join(tmp.path, 'out');
    const entries: RawTarEntry[] = [
      { path: 'd/', type: 'Directory' },
      { path: 'd/a.txt', body: 'a' },
      { path: 'd/ln', type: 'SymbolicLink', linkpath: 'a.txt' },
      { path: 'hard', type: 'Link', linkpath: 'd/a.txt' },
      { path: 'd/b.txt', body: 'b' },
    ];
    await extractArchiveAtomically(rawTarStream(entries), target, { format: 'tar' });
    expect(await readFile(path.join(target, 'd', 'ln'), 'utf8')).toBe('a');
    expect(await readlink(path.join(target, 'd', 'ln'))).toBe('a.txt');
    expect(await readFile(path.join(target, 'hard'), 'utf8')).toBe('a');
    expect(await readFile(path.join(target, 'd', 'b.txt'), 'utf8')).toBe('b');
  });

  it('names the symbolic link an entry would be written through', async () => {
    const entries: RawTarEntry[] = [
      { path: 'here', type: 'SymbolicLink', linkpath: '.' },
      { path: 'here/up', type: 'SymbolicLink', linkpath: '..' },
    ];
    await expect(
      extractArchiveAtomically(rawTarStream(entries), path.join(tmp.path, 'out'), { format: 'tar' }),
    ).rejects.toThrow(
      new UnsafeArchiveEntryError(
        "Refusing to extract the archive: path 'here/up' goes through the symbolic link 'here'",
      ),
    );
    expect(await readdir(tmp.path)).toStrictEqual([]);
  });

  it('refuses a link to a symbolic link of the archive, naming it', async () => {
    const entries: RawTarEntry[] = [
      { path: './a.txt', body: 'a' },
      { path: './ln', type: 'SymbolicLink', linkpath: 'a.txt' },
      { path: './hard', type: 'Link', linkpath: './ln' },
    ];
    await expect(
      extractArchiveAtomically(rawTarStream(entries), path.join(tmp.path, 'out'), { format: 'tar' }),
    ).rejects.toThrow(
      new UnsafeArchiveEntryError(
        "Refusing to extract the archive: link './hard' -> './ln' resolves through the symbolic link 'ln'",
      ),
    );
  });

  // Each archive goes through a symbolic link that the lexical checks alone cannot see; tar
  // would refuse most of them too, but only as an unreadable archive, naming nothing.
  it.each<[string, RawTarEntry[], string]>([
    [
      'a nested symlink',
      [
        { path: 'd/here', type: 'SymbolicLink', linkpath: '.' },
        { path: 'd/here/up', type: 'SymbolicLink', linkpath: '..' },
      ],
      "path 'd/here/up' goes through the symbolic link 'd/here'",
    ],
    [
      "a './' prefix on one path only",
      [
        { path: 'here', type: 'SymbolicLink', linkpath: '.' },
        { path: './here/up', type: 'SymbolicLink', linkpath: '..' },
      ],
      "path './here/up' goes through the symbolic link 'here'",
    ],
    [
      'backslash separators',
      [
        { path: 'here', type: 'SymbolicLink', linkpath: '.' },
        { path: 'here\\up', type: 'SymbolicLink', linkpath: '..' },
      ],
      "path 'here\\up' goes through the symbolic link 'here'",
    ],
    [
      'a hard link below the archive root',
      [
        { path: 'here', type: 'SymbolicLink', linkpath: '.' },
        { path: 'd/', type: 'Directory' },
        { path: 'd/hard', type: 'Link', linkpath: 'here/../x' },
      ],
      "link 'd/hard' -> 'here/../x' resolves through the symbolic link 'here'",
    ],
    [
      'a symlink three levels down',
      [
        { path: 'a/b/here', type: 'SymbolicLink', linkpath: '.' },
        { path: 'a/b/ln', type: 'SymbolicLink', linkpath: 'here/../../../x' },
      ],
      "link 'a/b/ln' -> 'here/../../../x' resolves through the symbolic link 'a/b/here'",
    ],
    [
      "a link that climbs with '..' before it reaches the symlink",
      [
        { path: 'd/here', type: 'SymbolicLink', linkpath: '.' },
        { path: 'e/ln', type: 'SymbolicLink', linkpath: '../d/here/../../x' },
      ],
      "link 'e/ln' -> '../d/here/../../x' resolves through the symbolic link 'd/here'",
    ],
  ])('refuses %s, naming the symbolic link', async (_name, entries, problem) => {
    await expect(
      extractArchiveAtomically(rawTarStream(entries), path.join(tmp.path, 'out'), { format: 'tar' }),
    ).rejects.toThrow(new UnsafeArchiveEntryError(`Refusing to extract the archive: ${problem}`));
    expect(await readdir(tmp.path)).toStrictEqual([]);
  });

  it('lets a later file replace a symlink of the same name', async () => {
    const target = path.join(tmp.path, 'out');
    const entries: RawTarEntry[] = [
      { path: 'a.txt', body: 'a' },
      { path: 'ln', type: 'SymbolicLink', linkpath: 'a.txt' },
      { path: 'ln', body: 'now a file' },
    ];
    await extractArchiveAtomically(rawTarStream(entries), target, { format: 'tar' });
    expect((await lstat(path.join(target, 'ln'))).isFile()).toBe(true);
    expect(await readFile(path.join(target, 'ln'), 'utf8')).toBe('now a file');
  });

  it('lets a directory replace a symlink of the same name and files go into it', async () => {
    const target = path.join(tmp.path, 'out');
    const entries: RawTarEntry[] = [
      { path: 'd', type: 'SymbolicLink', linkpath: '.' },
      { path: 'd/', type: 'Directory' },
      { path: 'd/x.txt', body: 'x' },
    ];
    await extractArchiveAtomically(rawTarStream(entries), target, { format: 'tar' });
    expect((await lstat(path.join(target, 'd'))).isDirectory()).toBe(true);
    expect(await readFile(path.join(target, 'd', 'x.txt'), 'utf8')).toBe('x');
  });

  it('names the symbolic link a link would point through', async () => {
    const entries: RawTarEntry[] = [
      { path: 'd/here', type: 'SymbolicLink', linkpath: '.' },
      { path: 'd/ln', type: 'SymbolicLink', linkpath: 'here/../../x' },
    ];
    await expect(
      extractArchiveAtomically(rawTarStream(entries), path.join(tmp.path, 'out'), {
        format: 'tar',
        subject: 'The upload',
      }),
    ).rejects.toThrow(
      new UnsafeArchiveEntryError(
        "Refusing to extract the upload: link 'd/ln' -> 'here/../../x' resolves through the symbolic link 'd/here'",
      ),
    );
  });
});
