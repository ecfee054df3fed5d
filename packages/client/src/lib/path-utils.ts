/**
 * File-system helpers shared by model-directory packaging and checkpoint download. Archive
 * extraction lives in `./storage/extract-archive` and is re-exported here.
 */

import type { BigIntStats } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, readFile, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { DeterminedError, InvalidArgumentError } from '../core/errors';

export { isNotFound, mergeMove } from './storage/atomic-target';
export { ArchiveExtractionError, UnsafeArchiveEntryError } from './storage/errors';
export { type ExtractOptions, extractArchiveAtomically } from './storage/extract-archive';

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
