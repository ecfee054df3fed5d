/**
 * Writing a download into a temporary directory beside its target and moving it into place only
 * once complete, so that a failed or cancelled download leaves nothing behind.
 */

import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError } from '../../core/errors';
import { isNotFound, mergeMove } from '../path-utils';

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
 * otherwise merge into the existing directory (replacing files of the same name).
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
  return mergeMove(partial, absolute);
}

/** Remove a partial directory; a failure to clean up never hides the download's own error. */
export async function removePartialDir(partial: string): Promise<void> {
  await rm(partial, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 }).catch(() => undefined);
}
