/**
 * Writing a download into a temporary directory beside its target and moving it into place only
 * once complete, so that a failed or cancelled download leaves nothing behind.
 */

import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidArgumentError } from '../../core/errors';

/** True when `error` is a Node file-system error with code ENOENT. */
export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

async function lstatOrNull(p: string) {
  return lstat(p).catch((error: unknown) => {
    if (isNotFound(error)) return null;
    throw error;
  });
}

/**
 * Move the contents of directory `src` into directory `dst` (which exists), merging
 * subdirectories and replacing files of the same name, then remove `src`. A directory of `dst`
 * where `src` has something else fails (`rename` refuses to replace a directory by a file);
 * {@link movePartialIntoPlace} refuses such clashes before anything moves.
 */
export async function mergeMove(src: string, dst: string): Promise<void> {
  for (const name of await readdir(src)) {
    const from = path.join(src, name);
    const to = path.join(dst, name);
    const existing = await lstatOrNull(to);
    if (existing?.isDirectory() && (await lstat(from)).isDirectory()) {
      await mergeMove(from, to);
      continue;
    }
    await rename(from, to);
  }
  await rmdir(src);
}

/** Where merging would put a directory in place of a non-directory of the target, or the reverse. */
interface TypeClash {
  /** Path of the clash, relative to the target. */
  readonly relative: string;
  /** Whether the target holds a directory there (and the download something else). */
  readonly targetHasDirectory: boolean;
}

async function findTypeClash(src: string, dst: string, relative = ''): Promise<TypeClash | null> {
  // In name order, so that the clash reported is the same on every file system.
  for (const name of (await readdir(src)).sort()) {
    const existing = await lstatOrNull(path.join(dst, name));
    if (existing === null) continue;
    const incomingIsDirectory = (await lstat(path.join(src, name))).isDirectory();
    const here = path.join(relative, name);
    if (existing.isDirectory() !== incomingIsDirectory)
      return { relative: here, targetHasDirectory: existing.isDirectory() };
    if (incomingIsDirectory) {
      const deeper = await findTypeClash(path.join(src, name), path.join(dst, name), here);
      if (deeper !== null) return deeper;
    }
  }
  return null;
}

/** Create `<target>.partial-<random>` (and the target's parent) and return its path. */
export async function createPartialDir(target: string): Promise<string> {
  const absolute = path.resolve(target);
  await mkdir(path.dirname(absolute), { recursive: true });
  const partial = `${absolute}.partial-${randomBytes(6).toString('hex')}`;
  await mkdir(partial);
  return partial;
}

/**
 * Move a complete download into place: rename when the target is missing or an empty directory,
 * otherwise merge into the existing directory (replacing files of the same name). A directory
 * where the download has a file, or a file where it has a directory, is refused with
 * `InvalidArgumentError` before anything is moved.
 */
export async function movePartialIntoPlace(partial: string, target: string): Promise<void> {
  const absolute = path.resolve(target);
  const existing = await stat(absolute).catch((error: unknown) => {
    if (isNotFound(error)) return null;
    throw error;
  });
  if (existing === null) return rename(partial, absolute);
  if (!existing.isDirectory()) {
    throw new InvalidArgumentError(`Download target '${target}' exists and is not a directory`);
  }
  const replaced = await rmdir(absolute).then(
    () => true,
    () => false,
  );
  if (replaced) return rename(partial, absolute);
  // Merging replaces files, never a directory by a file or a file by a directory: that would
  // delete what the user keeps there (Python's extraction fails on such a clash too).
  const clash = await findTypeClash(partial, absolute);
  if (clash !== null) {
    const [held, brought] = clash.targetHasDirectory ? ['directory', 'file'] : ['file', 'directory'];
    throw new InvalidArgumentError(
      `Download target '${target}' holds a ${held} '${clash.relative}' where the download has a ${brought}; ` +
        'nothing was changed: move it away or download into another directory',
    );
  }
  return mergeMove(partial, absolute);
}

/** Remove a partial directory; a failure to clean up never hides the download's own error. */
export async function removePartialDir(partial: string): Promise<void> {
  await rm(partial, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 }).catch(() => undefined);
}

/**
 * Remove a failed extraction's partial directory. The extractor may still finish writes it had
 * started when the body died, so removal is retried until the directory stays gone (bounded).
 */
export async function removePartialDirUntilGone(partial: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    await removePartialDir(partial);
    await sleep(25);
    const present = await stat(partial).then(
      () => true,
      () => false,
    );
    if (!present) return;
  }
}
