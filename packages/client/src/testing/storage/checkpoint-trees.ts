/**
 * Checkpoints for round-trip tests (one file, many small files, one large file) as generated,
 * deterministic content: seeded into any store straight from the generator with every file
 * hashed on the way (no source copy on disk), then compared with the hashes of what arrived.
 */

import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The shapes the acceptance round trips use. */
export type TreeKind = 'one-file' | 'many-small-files' | 'large-file';

/** The full acceptance sizes. */
export const FULL_SIZES = Object.freeze({ manyFiles: 10_000, largeBytes: 256 * 1024 * 1024 });

/** One generated file of a checkpoint. */
export interface TreeEntry {
  /** POSIX path relative to the checkpoint root. */
  readonly rel: string;
  readonly size: number;
  /** A fresh stream of the file's bytes (the same bytes every time). */
  open(): Readable;
}

const BLOCK_BYTES = 1024 * 1024;

/** A 1 MiB block of hash output whose first 4 bytes are the block's index. */
function largeBlockTemplate(): Buffer {
  const block = Buffer.alloc(BLOCK_BYTES);
  for (let i = 0; i < block.length; i += 64) createHash('sha512').update(String(i)).digest().copy(block, i);
  return block;
}

function largeFile(rel: string, size: number): TreeEntry {
  return {
    rel,
    size,
    open: () =>
      Readable.from(
        (function* () {
          const template = largeBlockTemplate();
          for (let offset = 0; offset < size; offset += BLOCK_BYTES) {
            const block = Buffer.from(template.subarray(0, Math.min(BLOCK_BYTES, size - offset)));
            if (block.length >= 4) block.writeUInt32LE(offset / BLOCK_BYTES, 0);
            yield block;
          }
        })(),
        { objectMode: false },
      ),
  };
}

function smallFile(rel: string, body: Buffer): TreeEntry {
  return { rel, size: body.length, open: () => Readable.from([body], { objectMode: false }) };
}

/** The files of a checkpoint of `kind` (default sizes: the full acceptance sizes). */
export function checkpointTree(
  kind: TreeKind,
  options: { files?: number | undefined; largeBytes?: number | undefined } = {},
): TreeEntry[] {
  if (kind === 'one-file') {
    return [smallFile('state_dict.pth', createHash('sha512').update(kind).digest())];
  }
  if (kind === 'large-file') {
    return [largeFile('model.safetensors', options.largeBytes ?? FULL_SIZES.largeBytes)];
  }
  const count = options.files ?? FULL_SIZES.manyFiles;
  return Array.from({ length: count }, (_, i) =>
    smallFile(
      `shard-${String(Math.floor(i / 100)).padStart(3, '0')}/part-${i}.bin`,
      Buffer.from(`tensor ${i} ${'x'.repeat(i % 97)}\n`),
    ),
  );
}

/** Stores one file: `body` yields exactly `entry.size` bytes and must be read to its end. */
export type EntryPut = (
  entry: { readonly rel: string; readonly size: number },
  body: Readable,
) => Promise<void>;

/**
 * Put every entry through `put`, `concurrency` at a time, hashing each body as the store reads
 * it; returns sha256 by relative path (what the download must reproduce).
 */
export async function seedTree(
  entries: readonly TreeEntry[],
  options: { put: EntryPut; concurrency?: number | undefined },
): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const entry = entries[next++] as TreeEntry;
      const hash = createHash('sha256');
      const hashing = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          done(null, chunk);
        },
      });
      const source = entry.open();
      source.on('error', (error) => hashing.destroy(error));
      await options.put(entry, source.pipe(hashing));
      hashes[entry.rel] = hash.digest('hex');
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 32, entries.length) }, worker));
  return hashes;
}

/** An `EntryPut` writing files below `root` (for shared_fs, directory and the mock's storage). */
export function directoryPut(root: string): EntryPut {
  return async (entry, body) => {
    const file = path.join(root, ...entry.rel.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await pipeline(body, createWriteStream(file));
  };
}

/** One file of a tree on disk. */
export interface TreeFile {
  /** POSIX path relative to the root. */
  readonly rel: string;
  readonly abs: string;
  readonly size: number;
}

/** Every regular file below `root`, in name order. */
export async function listTree(root: string, prefix = ''): Promise<TreeFile[]> {
  const out: TreeFile[] = [];
  const entries = await readdir(path.join(root, prefix), { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listTree(root, rel)));
    else if (entry.isFile()) {
      const abs = path.join(root, rel);
      out.push({ rel, abs, size: (await stat(abs)).size });
    }
  }
  return out;
}

/** POSIX paths of every regular file below `root` (no per-file `stat`). */
async function filePaths(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** sha256 of every file below `root`, by relative path (files hashed 16 at a time). */
export async function hashTree(root: string): Promise<Record<string, string>> {
  const files = (await filePaths(root)).sort();
  const hashes: Record<string, string> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const rel = files[next++] as string;
      const hash = createHash('sha256');
      await pipeline(createReadStream(path.join(root, rel)), hash);
      hashes[rel] = hash.digest('hex');
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return Object.fromEntries(files.map((rel) => [rel, hashes[rel] as string]));
}
