/**
 * Packaging of `createExperiment`'s `modelDir` and `includes` into `modelDefinition` entries
 * (Python SDK section 2.3, upstream `context.read_v1_context`). Every file is stat'ed before any
 * is read, so an oversized tree fails fast without reading it.
 */
import type { BigIntStats, Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError } from '../core/errors';
import type { FacadeLogger } from './deprecation';
import { type ModelDefinitionEntry, type PlannedEntry, readEntries, statAll } from './model-context-read';
import { checkSize, MAX_CONTEXT_SIZE } from './model-context-size';
import { type DetignoreMatcher, isNotFound, loadDetignore, sizeofFmt } from './path-utils';

export type { ModelDefinitionEntry } from './model-context-read';
export { ContextTooLargeError, MAX_CONTEXT_SIZE, type SizedFile } from './model-context-size';

/** Options of `buildModelDefinition`. */
export interface BuildModelDefinitionOptions {
  /** The model directory; its contents get paths relative to it (it gets no entry itself). */
  modelDir: string;
  /** Files (one entry named by basename) or directories (an entry plus `<basename>/…`). */
  includes?: readonly string[] | undefined;
  /** Receives skipped-file notices (default `console`) and the final size summary. */
  logger?: FacadeLogger | undefined;
  /** Size limit in bytes (default `MAX_CONTEXT_SIZE`). */
  limit?: number | undefined;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class Planner {
  readonly entries: PlannedEntry[] = [];

  constructor(private readonly warn: (message: string) => void) {}

  async addRoot(given: string, prefix: string): Promise<void> {
    let root: string;
    try {
      root = await realpath(given);
    } catch (error) {
      if (isNotFound(error)) throw new InvalidArgumentError(`Path '${path.resolve(given)}' doesn't exist`);
      throw new InvalidArgumentError(`Cannot access '${given}': ${describeError(error)}`, { cause: error });
    }
    const stats = await stat(root, { bigint: true });
    if (stats.isFile()) {
      this.entries.push({ path: path.basename(root), source: root, size: Number(stats.size), stats });
      return;
    }
    if (prefix !== '') this.entries.push({ path: prefix, source: null, size: 0, stats });
    if (!stats.isDirectory()) return;
    await this.walk({ root, dir: root, rel: '', prefix, matcher: await loadDetignore(root) });
  }

  private async walk(at: {
    root: string;
    dir: string;
    rel: string;
    prefix: string;
    matcher: DetignoreMatcher;
  }) {
    let dirents: Dirent[];
    try {
      dirents = await readdir(at.dir, { withFileTypes: true });
    } catch (error) {
      // os.walk skips directories it cannot list.
      this.warn(`Error listing '${at.dir}', skipping its contents: ${describeError(error)}`);
      return;
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const children = await Promise.all(dirents.map((d) => this.classify(at.dir, d)));
    const descend: { dir: string; rel: string }[] = [];
    for (const child of children.filter((c) => c.isDir)) {
      const rel = at.rel === '' ? child.name : `${at.rel}/${child.name}`;
      if (at.matcher.ignoresDir(rel)) continue;
      const stats = await stat(child.abs, { bigint: true }).catch(() => null);
      if (stats === null) continue;
      this.entries.push({ path: joinPrefix(at.prefix, rel), source: null, size: 0, stats });
      if (!child.isLink) descend.push({ dir: child.abs, rel });
    }
    const files = children
      .filter((c) => !c.isDir)
      .map((child) => ({ child, rel: at.rel === '' ? child.name : `${at.rel}/${child.name}` }))
      .filter(({ child, rel }) => child.name !== '.detignore' && !at.matcher.ignoresFile(rel));
    // Stat'ed together (a directory of thousands of files), added in name order.
    const stats = await statAll(files.map(({ child }) => child.abs));
    files.forEach(({ child, rel }, i) => {
      this.addFile(child.abs, joinPrefix(at.prefix, rel), stats[i] ?? null);
    });
    for (const sub of descend) await this.walk({ ...at, ...sub });
  }

  private async classify(
    dir: string,
    d: Dirent,
  ): Promise<{ name: string; abs: string; isDir: boolean; isLink: boolean }> {
    const abs = path.join(dir, d.name);
    const isLink = d.isSymbolicLink();
    // Like os.walk, a symlink to a directory is listed as a directory (but not descended into).
    const isDir = isLink
      ? await stat(abs).then(
          (s) => s.isDirectory(),
          () => false,
        )
      : d.isDirectory();
    return { name: d.name, abs, isDir, isLink };
  }

  private addFile(abs: string, entryPath: string, stats: BigIntStats | null): void {
    if (stats === null || !stats.isFile()) {
      this.warn(`Error reading '${entryPath}', skipping this file.`);
      return;
    }
    this.entries.push({ path: entryPath, source: abs, size: Number(stats.size), stats });
  }
}

function joinPrefix(prefix: string, rel: string): string {
  return prefix === '' ? rel : `${prefix}/${rel}`;
}

function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const escaped = s.replaceAll('\\', '\\\\').replaceAll(quote, `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

function checkDuplicates(entries: readonly PlannedEntry[]): void {
  const counts = new Map<string, number>();
  for (const e of entries) {
    if (!e.path.replace(/\/+$/, '').includes('/')) counts.set(e.path, (counts.get(e.path) ?? 0) + 1);
  }
  const duplicates = [...counts].filter(([, n]) => n > 1).map(([name]) => name);
  if (duplicates.length === 1)
    throw new InvalidArgumentError(`duplicate path detected: ${pyRepr(duplicates[0] ?? '')}`);
  if (duplicates.length > 1) {
    throw new InvalidArgumentError(`duplicate paths detected: [${duplicates.map(pyRepr).join(', ')}]`);
  }
}

/**
 * Build the `modelDefinition` of `createExperiment` from a model directory and includes.
 * Throws `InvalidArgumentError` for a missing root, a file as `modelDir`, an include without a
 * name, or duplicate top-level names, and `ContextTooLargeError` (an `InvalidArgumentError`)
 * when the files exceed the limit.
 */
export async function buildModelDefinition(
  options: BuildModelDefinitionOptions,
): Promise<ModelDefinitionEntry[]> {
  const logger = options.logger ?? console;
  const warn = (message: string): void => logger.warn(message);
  const limit = options.limit ?? MAX_CONTEXT_SIZE;
  const planner = new Planner(warn);
  const modelDirStats = await stat(options.modelDir).catch(() => null);
  if (modelDirStats?.isFile()) {
    throw new InvalidArgumentError(
      `modelDir '${options.modelDir}' must be a directory; to send a single file, use includes instead`,
    );
  }
  await planner.addRoot(options.modelDir, '');
  for (const include of options.includes ?? []) {
    const resolved = await realpath(include).catch(() => path.resolve(include));
    const name = path.basename(resolved);
    if (name === '') throw new InvalidArgumentError(`unable to determine the name of include '${include}'`);
    await planner.addRoot(include, name);
  }
  const files = planner.entries
    .filter((e) => e.source !== null)
    .map((e) => ({ path: e.path, bytes: e.size }));
  checkSize(files, limit);
  checkDuplicates(planner.entries);
  const entries = await readEntries(planner.entries, warn, limit);
  const total = entries.reduce((sum, e) => sum + Math.floor(e.content.length / 4) * 3, 0);
  options.logger?.info(
    `Preparing files to send to master... ${sizeofFmt(total)} and ${entries.length} files`,
  );
  return entries;
}
