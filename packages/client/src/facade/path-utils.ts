/**
 * File-system helpers shared by model-directory packaging and checkpoint download.
 */
import type { BigIntStats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ignore from 'ignore';
import { InvalidArgumentError } from '../core/errors';

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
