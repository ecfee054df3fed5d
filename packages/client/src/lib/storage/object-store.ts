/**
 * The small interface every cloud backend implements: list a checkpoint's objects, then read
 * them one by one. Downloading, concurrency, progress and atomicity are built on top of it.
 */

import type { Readable } from 'node:stream';

/** One object of a checkpoint. */
export interface StoredObject {
  /** The object's full key (or blob name) in its bucket/container. */
  readonly key: string;
  /** POSIX path relative to the checkpoint root; ends with `/` for a directory marker. */
  readonly rel: string;
  /** Size in bytes as listed. */
  readonly size: number;
}

/** Read access to the objects of one checkpoint in one bucket or container. */
export interface ObjectStore {
  /** Where the checkpoint lives, for messages, e.g. `s3://bucket/prefix/<uuid>/`. */
  readonly location: string;
  /** Every object below the checkpoint's prefix. */
  list(signal: AbortSignal): AsyncIterable<StoredObject>;
  /** The bytes of one listed object. */
  read(object: StoredObject, signal: AbortSignal): Promise<Readable>;
}

/** The part of `key` after `prefix` (which ends with `/`), or null when the key is not below it. */
export function relativeKey(key: string, prefix: string): string | null {
  if (!key.startsWith(prefix)) return null;
  const rel = key.slice(prefix.length);
  return rel === '' ? null : rel;
}
