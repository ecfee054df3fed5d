import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type SourceMembers, sourceMembers } from './source-members';
import { checkedRoots } from './temp-bindings';

const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'testing', 'public']);

/** True for a TypeScript source of the facade (not a test, not a declaration file). */
export function isFacadeSource(file: string): boolean {
  return /\.(m|c)?tsx?$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.endsWith('.d.ts');
}

async function walk(dir: string, found: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name) && entry.name !== 'test') await walk(full, found);
    } else if (isFacadeSource(entry.name)) found.push(full);
  }
}

/** Parse every facade source (client sources and examples, tests excluded), keyed by repository-relative path. */
export async function readFacadeFiles(repoRoot: string): Promise<Map<string, SourceMembers>> {
  const found: string[] = [];
  for (const root of checkedRoots) await walk(path.join(repoRoot, root), found);
  const files = new Map<string, SourceMembers>();
  for (const file of found.sort()) {
    const relative = path.relative(repoRoot, file).split(path.sep).join('/');
    files.set(relative, sourceMembers(relative, await readFile(file, 'utf8')));
  }
  return files;
}
