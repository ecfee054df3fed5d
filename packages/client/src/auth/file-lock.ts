/// <reference path="../types/fs-ext.d.ts" />
/**
 * The file protocol the `det` CLI uses for its caches: an exclusive `flock` on `<file>.lock`
 * (Python's `filelock` package), writes staged in a temp file beside it and renamed into place, JSON
 * dumped like Python's `json.dump(obj, f, indent=4, sort_keys=True)`.
 */

import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pythonJson } from '../core/python-json';

type Flock = (fd: number, flags: 'ex' | 'exnb' | 'un') => void;

let flockLoading: Promise<Flock | null> | undefined;

/**
 * `flock` from the optional native addon fs-ext. Where it could not be built (no compiler, or
 * npm skipped its install script), the caches still work: writes stay atomic and callers in this
 * process are serialized, but other processes (the `det` CLI) are not excluded; we warn once.
 */
function loadFlock(): Promise<Flock | null> {
  flockLoading ??= import('fs-ext').then(
    (module) => {
      // CommonJS addon: its exports arrive as `default` (ESM) or as the namespace itself.
      const api: { flockSync: Flock } = module.default ?? module;
      return (fd, flags) => api.flockSync(fd, flags);
    },
    (error: unknown) => {
      process.emitWarning(
        `fs-ext is not available (${(error as Error).message}); the token and certificate caches are not locked against other processes. Reinstall with install scripts allowed for fs-ext to fix this.`,
        { code: 'DETERMINED_TS_NO_FLOCK' },
      );
      return null;
    },
  );
  return flockLoading;
}

const MIN_POLL_MS = 5;
// filelock polls every 50 ms; the same ceiling keeps us no slower to notice a released lock.
const MAX_POLL_MS = 50;

/** Tail of the in-process queue per lock file, so one process never waits on its own flock. */
const queues = new Map<string, Promise<void>>();

/**
 * Run `fn` while holding an exclusive `flock` on `lockPath` (created if missing, together with its
 * directory, mode 0700). Waits without timeout, like the CLI; callers in this process queue up
 * in order, other processes (including the Python `det` CLI) are excluded by the OS lock.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>): Promise<T> {
  const key = path.resolve(lockPath);
  const previous = queues.get(key) ?? Promise.resolve();
  let release: () => void = () => undefined;
  const current = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => current);
  queues.set(key, tail);
  await previous;
  try {
    return await withOsLock(key, fn);
  } finally {
    release();
    if (queues.get(key) === tail) queues.delete(key);
  }
}

async function withOsLock<T>(lockPath: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(path.dirname(lockPath), { recursive: true, mode: 0o700 });
  const flock = await loadFlock();
  const handle = await open(lockPath, 'a', 0o644);
  try {
    if (flock) await acquire(flock, handle.fd);
    try {
      return await fn();
    } finally {
      flock?.(handle.fd, 'un');
    }
  } finally {
    await handle.close();
  }
}

// Non-blocking attempts keep libuv's small thread pool free while another process holds the lock.
async function acquire(flock: Flock, fd: number): Promise<void> {
  let delay = MIN_POLL_MS;
  for (;;) {
    try {
      flock(fd, 'exnb');
      return;
    } catch (error) {
      if (!isWouldBlock(error)) throw error;
    }
    await sleep(delay);
    delay = Math.min(delay * 2, MAX_POLL_MS);
  }
}

function isWouldBlock(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK';
}

/**
 * Replace `filePath` atomically: write a new `<filePath>.<pid>.<random>.temp` (created with
 * `mode`, default 0600), then rename it over `filePath`; the temp file is removed if anything
 * fails. Call it while holding the file's lock.
 */
export async function writeFileAtomic(
  filePath: string,
  text: string,
  options: { mode?: number } = {},
): Promise<void> {
  const mode = options.mode ?? 0o600;
  // A name of its own per write (not the CLI's shared `<file>.temp`): without fs-ext the lock does
  // not exclude other processes, and two writers staging in one file would tear it or lose the
  // rename.
  const tempPath = `${filePath}.${process.pid}.${randomBytes(6).toString('hex')}.temp`;
  try {
    const handle = await open(tempPath, 'wx', mode);
    try {
      // The umask may have narrowed the creation mode; force ours.
      await handle.chmod(mode);
      await handle.writeFile(text, 'utf8');
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, filePath);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
}

/** A JSON value; objects may also be `Map`s (safe for keys such as `__proto__`). */
export type JsonLike =
  | null
  | boolean
  | number
  | string
  | readonly JsonLike[]
  | ReadonlyMap<string, JsonLike>
  | { readonly [key: string]: JsonLike };

/**
 * Text of `json.dump(value, f, indent=4, sort_keys=True)`, as the `det` CLI writes `auth.json` and
 * `certs.json`.
 */
export function formatPythonJson(value: JsonLike): string {
  return pythonJson(value, { indent: 4, sortKeys: true, maps: true });
}
