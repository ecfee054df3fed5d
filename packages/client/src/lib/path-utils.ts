/**
 * File-system helpers shared by model-directory packaging and checkpoint download.
 */

import { randomBytes } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import {
  chmod,
  copyFile,
  lstat,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  rmdir,
  stat,
  utimes,
} from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import { DeterminedError, InvalidArgumentError } from '../core/errors';

/** Python's `util.sizeof_fmt`: `"%3.1f%sB"` with 1024-based units, e.g. `95.0MB`. */
export function sizeofFmt(bytes: number): string {
  let value = bytes;
  for (const unit of ['', 'K', 'M', 'G', 'T', 'P', 'E', 'Z']) {
    if (Math.abs(value) < 1024) return `${value.toFixed(1)}${unit}B`;
    value /= 1024;
  }
  return `${value.toFixed(1)}YB`;
}

/**
 * `str(int(st.st_mtime))` as Python computes it: seconds plus nanoseconds as a double, truncated
 * toward zero.
 */
export function mtimeString(stats: BigIntStats): string {
  const ns = stats.mtimeNs;
  const billion = 1_000_000_000n;
  let sec = ns / billion;
  let nsec = ns % billion;
  if (nsec < 0n) {
    sec -= 1n;
    nsec += billion;
  }
  return String(Math.trunc(Number(sec) + Number(nsec) * 1e-9));
}

/** Patterns every model directory and include directory ignores (upstream `DEFAULT_DETIGNORE`). */
export const DEFAULT_DETIGNORE: readonly string[] = Object.freeze([
  '__pycache__/',
  '*.py[co]',
  '*$py.class',
  'terraform',
  'terraform_data',
  'terraform.tfstate*',
  'terraform.tfvars*',
  '.terraform*',
  '.git/',
  '.vscode/',
  '.idea/',
  '.mypy_cache/',
  '/shared_fs',
]);

/** Decides whether a POSIX path relative to a packaging root is ignored. */
export interface DetignoreMatcher {
  /** Directories are tested as `rel` and `rel/`; either match prunes the subtree. */
  ignoresDir(rel: string): boolean;
  ignoresFile(rel: string): boolean;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR';
}

/**
 * The default ignore list plus the lines of `<root>/.detignore` (only the root's own file), with
 * gitignore semantics, case-sensitive like Python's pathspec.
 */
export async function loadDetignore(root: string): Promise<DetignoreMatcher> {
  // Loaded on first need: importing the SDK must not pay for packaging code.
  const { default: ignore } = await import('ignore');
  const ig = ignore({ ignorecase: false }).add([...DEFAULT_DETIGNORE]);
  const file = path.join(root, '.detignore');
  try {
    ig.add(await readFile(file, 'utf8'));
  } catch (error) {
    if (!isMissing(error)) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new InvalidArgumentError(`Cannot read ${file}: ${reason}`, { cause: error });
    }
  }
  return {
    ignoresDir: (rel) => ig.ignores(rel) || ig.ignores(`${rel}/`),
    ignoresFile: (rel) => ig.ignores(rel),
  };
}

/** True when `error` is a Node file-system error with code ENOENT. */
export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/**
 * `shutil.copytree(src, dst, dirs_exist_ok=True)`: merge `src` into `dst`, following symlinks,
 * overwriting files, and preserving permission bits and access/modification times.
 */
export async function copyTree(src: string, dst: string): Promise<void> {
  const srcStats = await stat(src);
  await mkdir(dst, { recursive: true });
  for (const name of await readdir(src)) {
    const from = path.join(src, name);
    const to = path.join(dst, name);
    const fileStats = await stat(from);
    if (fileStats.isDirectory()) {
      await copyTree(from, to);
    } else {
      await copyFile(from, to);
      await chmod(to, fileStats.mode & 0o7777);
      await utimes(to, fileStats.atime, fileStats.mtime);
    }
  }
  await chmod(dst, srcStats.mode & 0o7777);
  await utimes(dst, srcStats.atime, srcStats.mtime);
}

async function lstatOrNull(p: string) {
  return lstat(p).catch((error: unknown) => {
    if (isNotFound(error)) return null;
    throw error;
  });
}

/**
 * Move the contents of directory `src` into directory `dst` (which exists), merging
 * subdirectories and replacing other existing entries, then remove `src`.
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
    if (existing !== null) await rm(to, { recursive: true, force: true });
    await rename(from, to);
  }
  await rmdir(src);
}

/** An archive entry would be written outside the target directory. */
export class UnsafeArchiveEntryError extends DeterminedError {
  /** Always `'UnsafeArchiveEntryError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'UnsafeArchiveEntryError';
}

function checkEntryPath(entryPath: string, linkpath: string | undefined, type: string): string | null {
  const posix = entryPath.replaceAll('\\', '/');
  if (path.posix.isAbsolute(posix) || /^[A-Za-z]:/.test(posix)) return `absolute path '${entryPath}'`;
  if (posix.split('/').includes('..')) return `path '${entryPath}' contains '..'`;
  if (linkpath === undefined || (type !== 'SymbolicLink' && type !== 'Link')) return null;
  const link = linkpath.replaceAll('\\', '/');
  const resolved =
    type === 'Link' ? path.posix.normalize(link) : path.posix.join(path.posix.dirname(posix), link);
  if (path.posix.isAbsolute(link) || resolved === '..' || resolved.startsWith('../')) {
    return `link '${entryPath}' -> '${linkpath}' points outside the target directory`;
  }
  return null;
}

/**
 * zlib's default 16 KiB output chunks cost a callback and a tar parse step each; 1 MiB chunks
 * let a large checkpoint decompress at several times the speed.
 */
const GUNZIP_CHUNK_BYTES = 1024 * 1024;

type TarModule = typeof import('tar');

async function extractInto(
  tar: TarModule,
  body: Readable,
  dir: string,
  options: ExtractOptions,
): Promise<void> {
  const { format, onFile } = options;
  let unsafe: UnsafeArchiveEntryError | undefined;
  const extractor = tar.x({
    cwd: dir,
    strict: true,
    preservePaths: false,
    filter: (entryPath, entry) => {
      const linkpath = 'linkpath' in entry ? entry.linkpath : undefined;
      const type = 'type' in entry ? String(entry.type) : '';
      const problem = checkEntryPath(entryPath, linkpath, type);
      if (problem === null) {
        if (onFile !== undefined && (type === 'File' || type === 'OldFile')) onFile();
        return true;
      }
      unsafe ??= new UnsafeArchiveEntryError(`Refusing to extract checkpoint archive: ${problem}`);
      body.destroy(unsafe);
      return false;
    },
  });
  const stages =
    format === 'tgz' ? [createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES }), extractor] : [extractor];
  try {
    await pipeline([body, ...stages]);
  } catch (error) {
    throw unsafe ?? error;
  }
  if (unsafe) throw unsafe;
}

/**
 * Remove a failed extraction's directory. The extractor may still finish writes it had started
 * when the body died, so removal is retried until the directory stays gone (bounded); a failure
 * to clean up never hides the download's own error.
 */
async function removeLeftovers(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 }).catch(() => undefined);
    await sleep(25);
    if (
      !(await stat(dir).then(
        () => true,
        () => false,
      ))
    )
      return;
  }
}

async function moveIntoPlace(partial: string, target: string): Promise<void> {
  const existing = await stat(target).catch((error: unknown) => {
    if (isNotFound(error)) return null;
    throw error;
  });
  if (existing === null) return rename(partial, target);
  if (!existing.isDirectory()) {
    throw new InvalidArgumentError(`Download target '${target}' exists and is not a directory`);
  }
  // An existing empty directory is replaced; a non-empty one receives the extracted entries.
  const replaced = await rmdir(target).then(
    () => true,
    () => false,
  );
  if (replaced) return rename(partial, target);
  return mergeMove(partial, target);
}

/** Options of {@link extractArchiveAtomically}. */
export interface ExtractOptions {
  /** `tgz`: gzip-compressed tar; `tar`: plain tar. */
  readonly format: 'tgz' | 'tar';
  /** Called for each regular file the archive brings (accepted by the safety rules), for progress. */
  readonly onFile?: (() => void) | undefined;
}

/**
 * Extract a tar (gzip-compressed for `tgz`) stream into `targetDir` atomically: entries go to a
 * sibling `<target>.partial-<random>` directory that is renamed (or, for a non-empty existing
 * target, merged) into place only after the whole archive was read. On failure nothing is left.
 * Entries escaping the target (absolute paths, `..`, links pointing outside) are rejected.
 */
export async function extractArchiveAtomically(
  body: Readable,
  targetDir: string,
  options: ExtractOptions,
): Promise<void> {
  const target = path.resolve(targetDir);
  // Until the pipeline listens, an error of the body must neither crash the process nor be lost.
  let earlyError: unknown;
  const recordError = (error: unknown): void => {
    earlyError ??= error;
  };
  body.on('error', recordError);
  let partial: string | undefined;
  try {
    await mkdir(path.dirname(target), { recursive: true });
    partial = `${target}.partial-${randomBytes(6).toString('hex')}`;
    await mkdir(partial);
    // Loaded on first need: importing the SDK must not pay for the archive code.
    const tar = await import('tar');
    if (earlyError !== undefined) throw earlyError;
    await extractInto(tar, body, partial, options);
    await moveIntoPlace(partial, target);
  } catch (error) {
    body.destroy();
    if (partial !== undefined) await removeLeftovers(partial);
    throw error;
  } finally {
    body.off('error', recordError);
  }
}

/**
 * Upstream `shared._full_storage_path`: `storage_path` must normalize to a location under the
 * absolute `host_path` (string-prefix check) and is re-expressed under `base` (host or container).
 */
export function fullStoragePath(hostPath: string, storagePath: string | undefined, base?: string): string {
  if (!path.isAbsolute(hostPath)) throw new InvalidArgumentError('`host_path` must be an absolute path.');
  if (storagePath === undefined) return base ?? hostPath;
  const abs = path.normalize(path.join(path.isAbsolute(storagePath) ? '' : hostPath, storagePath));
  if (!abs.startsWith(hostPath)) {
    throw new InvalidArgumentError('storage path must be a subdirectory of host path.');
  }
  return path.join(base ?? hostPath, path.relative(hostPath, abs));
}

/** Where the SDK looks for a shared_fs checkpoint, in order: on the host, then in a container. */
export function sharedFsCandidates(storage: Readonly<Record<string, unknown>>, uuid: string): string[] {
  const hostPath = storage.host_path;
  if (typeof hostPath !== 'string')
    throw new DeterminedError('shared_fs checkpoint storage has no host_path');
  const storagePath = typeof storage.storage_path === 'string' ? storage.storage_path : undefined;
  return [
    path.join(fullStoragePath(hostPath, storagePath), uuid),
    path.join(fullStoragePath(hostPath, storagePath, '/determined_shared_fs'), uuid),
  ];
}
