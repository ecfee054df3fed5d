/**
 * Checkpoint directories for round-trip tests (one file, many small files, one large file),
 * their hashes, and uploading them to any store.
 */

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** The shapes the acceptance round trips use. */
export type TreeKind = 'one-file' | 'many-small-files' | 'large-file';

/** Write a checkpoint tree of `kind` into `dir` (created). */
export async function writeCheckpointTree(
  dir: string,
  options: { kind: TreeKind; files?: number | undefined; largeBytes?: number | undefined },
): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (options.kind === 'one-file') {
    await writeFile(path.join(dir, 'state_dict.pth'), createHash('sha512').update(dir).digest());
    return;
  }
  if (options.kind === 'many-small-files') {
    const count = options.files ?? 10_000;
    for (let d = 0; d * 100 < count; d++) {
      const sub = path.join(dir, `shard-${String(d).padStart(3, '0')}`);
      await mkdir(sub, { recursive: true });
      const writes: Promise<void>[] = [];
      for (let i = d * 100; i < Math.min(count, (d + 1) * 100); i++) {
        writes.push(writeFile(path.join(sub, `part-${i}.bin`), `tensor ${i} ${'x'.repeat(i % 97)}\n`));
      }
      await Promise.all(writes);
    }
    return;
  }
  const size = options.largeBytes ?? 256 * 1024 * 1024;
  const block = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < block.length; i += 64) createHash('sha512').update(String(i)).digest().copy(block, i);
  const handle = await open(path.join(dir, 'model.safetensors'), 'w');
  try {
    for (let offset = 0; offset < size; offset += block.length) {
      block.writeUInt32LE(offset / block.length, 0);
      await handle.write(block, 0, Math.min(block.length, size - offset));
    }
  } finally {
    await handle.close();
  }
}

/** One file of a tree. */
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

/** sha256 of every file below `root`, by relative path. */
export async function hashTree(root: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const file of await listTree(root)) {
    const hash = createHash('sha256');
    await pipeline(createReadStream(file.abs), hash);
    hashes[file.rel] = hash.digest('hex');
  }
  return hashes;
}

/** Upload every file of `root` through `put`, `concurrency` at a time. */
export async function uploadTree(
  root: string,
  options: { put: (file: TreeFile) => Promise<void>; concurrency?: number },
): Promise<void> {
  const files = await listTree(root);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) await options.put(files[next++] as TreeFile);
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 32 }, worker));
}
