/** Tar archives written byte by byte, including entries no well-behaved archiver would write. */
import { Readable } from 'node:stream';
import * as tar from 'tar';

/** One entry of a hand-written tar archive. */
export interface RawTarEntry {
  readonly path: string;
  readonly type?: 'File' | 'OldFile' | 'Directory' | 'SymbolicLink' | 'Link';
  readonly body?: string;
  readonly linkpath?: string;
}

/** A ustar archive of `entries`, exactly as given (no path cleaning), with its end blocks. */
export function rawTar(entries: readonly RawTarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.body ?? '');
    const type = entry.type ?? 'File';
    const regular = type === 'File' || type === 'OldFile';
    const header = Buffer.alloc(512);
    new tar.Header({
      path: entry.path,
      type,
      size: regular ? body.length : 0,
      mode: type === 'Directory' ? 0o755 : 0o644,
      mtime: new Date(1_700_000_000_000),
      ...(entry.linkpath === undefined ? {} : { linkpath: entry.linkpath }),
    }).encode(header, 0);
    blocks.push(header);
    if (regular && body.length > 0) blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** {@link rawTar} as a stream, the form extraction reads. */
export function rawTarStream(entries: readonly RawTarEntry[]): Readable {
  return Readable.from(rawTar(entries));
}

/** Archives whose extraction would write outside the target; each must be refused as a whole. */
export const HOSTILE_ARCHIVES: ReadonlyArray<{
  readonly name: string;
  readonly entries: readonly RawTarEntry[];
}> = [
  { name: 'parent path', entries: [{ path: '../evil.txt', body: 'x' }] },
  { name: 'parent inside a path', entries: [{ path: 'a/../../evil.txt', body: 'x' }] },
  { name: 'backslash parent path', entries: [{ path: 'a\\..\\..\\evil.txt', body: 'x' }] },
  { name: 'absolute path', entries: [{ path: '/tmp/det-evil.txt', body: 'x' }] },
  { name: 'Windows drive letter', entries: [{ path: 'C:evil.txt', body: 'x' }] },
  { name: 'Windows drive root', entries: [{ path: 'C:\\Windows\\evil.txt', body: 'x' }] },
  { name: 'symlink to exactly ..', entries: [{ path: 'up', type: 'SymbolicLink', linkpath: '..' }] },
  { name: 'symlink to ../x', entries: [{ path: 'ln', type: 'SymbolicLink', linkpath: '../x' }] },
  { name: 'nested symlink up two', entries: [{ path: 'd/ln', type: 'SymbolicLink', linkpath: '../../x' }] },
  { name: 'absolute symlink', entries: [{ path: 'ln', type: 'SymbolicLink', linkpath: '/etc/passwd' }] },
  { name: 'backslash symlink', entries: [{ path: 'ln', type: 'SymbolicLink', linkpath: '..\\..\\x' }] },
  { name: 'hard link outside', entries: [{ path: 'hard', type: 'Link', linkpath: '../x' }] },
  { name: 'hard link to exactly ..', entries: [{ path: 'hard', type: 'Link', linkpath: '..' }] },
  { name: 'absolute hard link', entries: [{ path: 'hard', type: 'Link', linkpath: '/etc/passwd' }] },
  {
    name: 'symlink below a symlink to .',
    entries: [
      { path: 'here', type: 'SymbolicLink', linkpath: '.' },
      { path: 'here/up', type: 'SymbolicLink', linkpath: '..' },
      { path: 'up/evil.txt', body: 'x' },
    ],
  },
  {
    name: 'hard link through a symlink to .',
    entries: [
      { path: 'here', type: 'SymbolicLink', linkpath: '.' },
      { path: 'hard', type: 'Link', linkpath: 'here/../x' },
    ],
  },
  {
    name: 'symlink through a symlink to .',
    entries: [
      { path: 'd/', type: 'Directory' },
      { path: 'd/here', type: 'SymbolicLink', linkpath: '.' },
      { path: 'd/ln', type: 'SymbolicLink', linkpath: 'here/../../x' },
    ],
  },
  {
    name: 'file after a symlink to ..',
    entries: [
      { path: 'up', type: 'SymbolicLink', linkpath: '..' },
      { path: 'up/evil.txt', body: 'x' },
    ],
  },
];
