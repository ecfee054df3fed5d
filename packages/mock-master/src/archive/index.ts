import type { Readable } from 'node:stream';
import archiver from 'archiver';
import type { ModelFile } from '../state/records';
import { walk } from '../storage/checkpoint-storage';

/** Archive formats the master serves checkpoints in. */
export type ArchiveFormat = 'tar' | 'tgz' | 'zip';

const MEDIA_TYPES: Readonly<Record<ArchiveFormat, string>> = {
  tar: 'application/x-tar',
  tgz: 'application/gzip',
  zip: 'application/zip',
};

/** The Content-Type of an archive format. */
export function contentTypeFor(format: ArchiveFormat): string {
  return MEDIA_TYPES[format];
}

/**
 * Picks the archive format for an `Accept` header like the master does: `application/x-tar`
 * for a missing/empty header or a wildcard, otherwise the most preferred supported type;
 * `null` when nothing acceptable is supported (answer 415).
 */
export function negotiateArchiveFormat(accept: string | undefined): ArchiveFormat | null {
  if (accept === undefined || accept.trim() === '') return 'tar';
  const ranges = accept
    .split(',')
    .map((part, index) => {
      const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      return { type, q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((r) => r.type !== '' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const r of ranges) {
    if (r.type === '*/*' || r.type === 'application/*' || r.type === 'application/x-tar') return 'tar';
    if (r.type === 'application/gzip' || r.type === 'application/x-gzip') return 'tgz';
    if (r.type === 'application/zip') return 'zip';
  }
  return null;
}

function createArchiver(format: ArchiveFormat): archiver.Archiver {
  if (format === 'zip') return archiver('zip', { zlib: { level: 1 } });
  if (format === 'tgz') return archiver('tar', { gzip: true, gzipOptions: { level: 1 } });
  return archiver('tar');
}

/**
 * Streams `dir` as an archive with entry names relative to it. Files are opened one at a time
 * as the archive is read, so memory use does not depend on their sizes.
 */
export function archiveDirectory(dir: string, format: ArchiveFormat): Readable {
  const archive = createArchiver(format);
  for (const entry of walk(dir)) {
    const data = { name: entry.rel, date: entry.mtime, mode: entry.mode & 0o7777 };
    if (entry.isDir) archive.append(Buffer.alloc(0), data);
    else archive.file(entry.abs, data);
  }
  let finished = false;
  archive.once('end', () => {
    finished = true;
  });
  // A consumer that goes away (client disconnect) must not leave files being read.
  archive.once('close', () => {
    if (!finished) archive.abort();
  });
  void archive.finalize().catch(() => {
    // Errors are emitted on the stream too; the consumer sees them there.
  });
  return archive;
}

/** Builds the `b64Tgz` gzip'ed tar of an experiment's uploaded model definition. */
export async function modelDefinitionTgz(files: readonly ModelFile[]): Promise<Buffer> {
  const archive = createArchiver('tgz');
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    archive.on('end', resolve);
    archive.on('error', reject);
  });
  for (const file of files) {
    const data = { name: file.path, date: new Date(Number(file.mtime) * 1000), mode: file.mode & 0o7777 };
    if (file.type === 53) archive.append(Buffer.alloc(0), { ...data, name: `${file.path}/` });
    else archive.append(Buffer.from(file.content, 'base64'), data);
  }
  await archive.finalize();
  await done;
  return Buffer.concat(chunks);
}
