/**
 * The mock master's one seeded randomness module: hashes for values keyed by ids (metrics,
 * curves) and a seeded stream (UUIDs, checkpoint bytes, searcher draws, probabilistic faults).
 * A leaf: it imports nothing of the package, so every layer can use it.
 */

/** 32-bit mixing hash of any number of integers (deterministic, platform independent). */
export function hashInts(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const v of values) {
    h ^= v | 0;
    h = Math.imul(h, 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
  }
  return h >>> 0;
}

/** Deterministic uniform value in [0, 1) for the given key. */
export function unit(...key: number[]): number {
  return hashInts(...key) / 0x100000000;
}

/** Hash of a string to a 32-bit integer (FNV-1a). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A small seeded PRNG (mulberry32). */
export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  }

  /** Fills a buffer with pseudo-random bytes. */
  fill(buf: Buffer): Buffer {
    for (let i = 0; i < buf.length; i += 4) {
      const v = Math.floor(this.next() * 0x100000000);
      for (let j = 0; j < 4 && i + j < buf.length; j++) buf[i + j] = (v >>> (8 * j)) & 0xff;
    }
    return buf;
  }

  /** A version-4 shaped UUID from the stream. */
  uuid(): string {
    const b = this.fill(Buffer.alloc(16));
    b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
    b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
    const h = b.toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

/** A seeded stream of uniform values in [0, 1): the same seed gives the same sequence. */
export function createPrng(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}
