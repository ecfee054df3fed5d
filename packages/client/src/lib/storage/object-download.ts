/**
 * Downloading every object of a checkpoint from an object store: listed first, then fetched by
 * a bounded pool of workers into a temporary directory beside the target, which is moved into
 * place only when every object arrived complete.
 */

import { setMaxListeners } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AbortError, DeterminedError } from '../../core/errors';
import { createPartialDir, movePartialIntoPlace, removePartialDir } from './atomic-target';
import {
  CheckpointNotFoundError,
  CorruptCheckpointError,
  StorageRequestError,
  UnsafeArchiveEntryError,
} from './errors';
import type { ObjectStore, StoredObject } from './object-store';
import type { ProgressReporter } from './progress';

/** Default number of objects fetched at the same time. */
export const DEFAULT_DOWNLOAD_CONCURRENCY = 16;

/** Options of `downloadObjects`. */
export interface DownloadObjectsOptions {
  readonly store: ObjectStore;
  readonly uuid: string;
  readonly target: string;
  readonly progress: ProgressReporter;
  readonly signal?: AbortSignal | undefined;
  /** Objects fetched at the same time (default 16). */
  readonly concurrency?: number | undefined;
  /** An object body that sends nothing for this long fails (default 60 s). */
  readonly idleTimeoutMs?: number | undefined;
}

/** Objects up to this size are collected in memory and written with one call. */
const SMALL_OBJECT_BYTES = 256 * 1024;

/** Default time an object body may stay silent. */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/** Refuse keys that would land outside the checkpoint directory. */
export function checkObjectPath(object: StoredObject, location: string): string {
  const rel = object.rel.replaceAll('\\', '/');
  const segments = rel.split('/');
  if (path.posix.isAbsolute(rel) || /^[A-Za-z]:/.test(rel) || segments.includes('..')) {
    throw new UnsafeArchiveEntryError(
      `Refusing to download object '${object.key}' of ${location}: it would be written outside the target directory`,
    );
  }
  return segments.filter((segment) => segment !== '' && segment !== '.').join('/');
}

async function listAll(store: ObjectStore, signal: AbortSignal): Promise<StoredObject[]> {
  const objects: StoredObject[] = [];
  for await (const object of store.list(signal)) objects.push(object);
  return objects;
}

function toError(error: unknown, options: { uuid: string; signal: AbortSignal | undefined }): unknown {
  if (options.signal?.aborted) {
    return new AbortError(`Download of checkpoint ${options.uuid} was cancelled`, { cause: error });
  }
  if (error instanceof DeterminedError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new CorruptCheckpointError(options.uuid, `an object could not be written: ${reason}`, {
    cause: error,
  });
}

class ObjectFetcher {
  readonly #made = new Set<string>();

  constructor(
    readonly options: DownloadObjectsOptions,
    readonly dir: string,
    readonly signal: AbortSignal,
  ) {}

  async #mkdirOnce(dir: string): Promise<void> {
    if (this.#made.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.#made.add(dir);
  }

  async fetch(object: StoredObject): Promise<void> {
    const rel = checkObjectPath(object, this.options.store.location);
    if (rel === '') return;
    const destination = path.join(this.dir, rel);
    if (object.rel.endsWith('/')) return this.#mkdirOnce(destination);
    await this.#mkdirOnce(path.dirname(destination));
    const body = await this.options.store.read(object, this.signal);
    let written = 0;
    const { progress } = this.options;
    // Some HTTP stacks never end a body whose connection dropped: a silent body fails instead.
    const idleMs = this.options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    const idle = (): NodeJS.Timeout =>
      setTimeout(() => {
        body.destroy(
          new StorageRequestError(
            `No data from ${this.options.store.location}${object.rel} for ${idleMs} ms`,
          ),
        );
      }, idleMs);
    const timer = idle();
    // Small objects are written in one call: a file stream costs more than the bytes.
    const chunks: Buffer[] | null = object.size <= SMALL_OBJECT_BYTES ? [] : null;
    body.on('data', (chunk: Buffer) => {
      written += chunk.length;
      chunks?.push(chunk);
      progress.addBytes(chunk.length);
      timer.refresh();
    });
    try {
      const sink =
        chunks === null ? createWriteStream(destination) : new Writable({ write: (_c, _e, done) => done() });
      await pipeline(body, sink, { signal: this.signal });
      if (chunks !== null) await writeFile(destination, Buffer.concat(chunks), { signal: this.signal });
    } finally {
      clearTimeout(timer);
    }
    if (written !== object.size) {
      throw new CorruptCheckpointError(
        this.options.uuid,
        `object '${object.key}' of ${this.options.store.location} has ${written} bytes, listed as ${object.size}`,
      );
    }
    progress.addFile();
  }
}

async function runPool(
  objects: readonly StoredObject[],
  options: { concurrency: number; fetch: (object: StoredObject) => Promise<void>; stop: () => void },
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < objects.length) {
      const object = objects[next++] as StoredObject;
      try {
        await options.fetch(object);
      } catch (error) {
        failure ??= { error };
        options.stop();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, objects.length) }, worker));
  if (failure !== undefined) throw failure.error;
}

/**
 * Download every object of `store` into `target` (section 5.1's relative-path and
 * directory-marker rules). No objects → `CheckpointNotFoundError`. On any failure or
 * cancellation the temporary directory is removed and the target is untouched.
 */
export async function downloadObjects(options: DownloadObjectsOptions): Promise<void> {
  const internal = new AbortController();
  const signals = options.signal === undefined ? [internal.signal] : [internal.signal, options.signal];
  const signal = AbortSignal.any(signals);
  // Every concurrent fetch listens to it.
  setMaxListeners(0, signal);
  let partial: string | undefined;
  try {
    const objects = await listAll(options.store, signal);
    if (objects.length === 0) {
      throw new CheckpointNotFoundError(
        `No objects of checkpoint ${options.uuid} found in ${options.store.location}`,
      );
    }
    for (const object of objects) checkObjectPath(object, options.store.location);
    const files = objects.filter((object) => !object.rel.endsWith('/'));
    options.progress.fillTotals({
      totalBytes: files.reduce((sum, object) => sum + object.size, 0),
      totalFiles: files.length,
    });
    partial = await createPartialDir(options.target);
    const fetcher = new ObjectFetcher(options, partial, signal);
    await runPool(objects, {
      concurrency: options.concurrency ?? DEFAULT_DOWNLOAD_CONCURRENCY,
      fetch: (object) => fetcher.fetch(object),
      stop: () => internal.abort(),
    });
    signal.throwIfAborted();
    await movePartialIntoPlace(partial, options.target);
    options.progress.finish();
  } catch (error) {
    if (partial !== undefined) await removePartialDir(partial);
    throw toError(error, { uuid: options.uuid, signal: options.signal });
  }
}
