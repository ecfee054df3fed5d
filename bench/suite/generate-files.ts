// Deterministic file trees for the benchmark fixtures: checkpoint weights, many small files, and
// a model directory. Content is generated (not zeros) so gzip and the disk do real work.
import { mkdir, open, writeFile } from 'node:fs/promises';
import path from 'node:path';

const BLOCK = 4 * 1024 * 1024;

/** A small, fast PRNG (xorshift32) so fixtures are identical on every run. */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/**
 * Write `bytes` of float32 "weights" (small values around zero, like a trained layer): gzip
 * shrinks them by a few percent only, as it does real model files.
 */
export async function writeWeights(file: string, bytes: number, seed: number): Promise<void> {
  const next = xorshift(seed);
  const handle = await open(file, 'w');
  try {
    const block = new Float32Array(BLOCK / 4);
    for (let written = 0; written < bytes; written += BLOCK) {
      for (let i = 0; i < block.length; i++) block[i] = ((next() + next()) / 4294967296 - 1) * 0.05;
      const size = Math.min(BLOCK, bytes - written);
      await handle.write(new Uint8Array(block.buffer, 0, size));
    }
  } finally {
    await handle.close();
  }
}

/** Text resembling source code or JSON logs: compresses like real small files do. */
function textFile(size: number, next: () => number, index: number): string {
  const lines: string[] = [];
  let length = 0;
  for (let line = 0; length < size; line++) {
    const text = `    value_${index}_${line} = compute(${next() % 100000}, scale=${(next() % 1000) / 1000}, tag="${(next() >>> 8).toString(36)}")\n`;
    lines.push(text);
    length += text.length;
  }
  return lines.join('').slice(0, size);
}

/**
 * `count` small text files of 512 B – 4 KiB spread over 100 directories (`d00/f0000.txt`, …);
 * returns their total size.
 */
export async function writeSmallFiles(dir: string, count: number, seed: number): Promise<number> {
  const next = xorshift(seed);
  let total = 0;
  for (let d = 0; d < 100; d++)
    await mkdir(path.join(dir, `d${String(d).padStart(2, '0')}`), { recursive: true });
  for (let i = 0; i < count; i++) {
    const size = 512 + (next() % 3585);
    const name = path.join(dir, `d${String(i % 100).padStart(2, '0')}`, `f${String(i).padStart(5, '0')}.txt`);
    await writeFile(name, textFile(size, next, i));
    total += size;
  }
  return total;
}

/**
 * A model directory of `files` files totalling `bytes`: source-like text files in a package tree
 * plus 50 binary blobs (weights, tokenizer data) carrying most of the size, as real ones do.
 */
export async function writeModelDir(dir: string, options: { files: number; bytes: number; seed: number }) {
  const next = xorshift(options.seed);
  const blobs = 50;
  const texts = options.files - blobs;
  const textSize = 10 * 1024;
  const blobSize = Math.floor((options.bytes - texts * textSize) / blobs);
  for (let p = 0; p < 20; p++) await mkdir(path.join(dir, 'model', `pkg${p}`), { recursive: true });
  await mkdir(path.join(dir, 'assets'), { recursive: true });
  let total = 0;
  for (let i = 0; i < texts; i++) {
    await writeFile(path.join(dir, 'model', `pkg${i % 20}`, `module_${i}.py`), textFile(textSize, next, i));
    total += textSize;
  }
  for (let i = 0; i < blobs; i++) {
    const size = i === blobs - 1 ? options.bytes - total : blobSize;
    await writeWeights(path.join(dir, 'assets', `blob_${i}.bin`), size, options.seed + i + 1);
    total += size;
  }
  return { files: options.files, bytes: total };
}
