import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One difference between generated output and what is on disk. */
export interface Drift {
  readonly file: string;
  readonly kind: 'missing' | 'changed' | 'extra';
  readonly detail: string;
}

function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  let changed = 0;
  let first = -1;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      changed++;
      if (first < 0) first = i;
    }
  }
  const line = first + 1;
  return `${changed} line(s) differ, first at line ${line}:\n    expected: ${(a[first] ?? '<end of file>').slice(0, 160)}\n    on disk:  ${(b[first] ?? '<end of file>').slice(0, 160)}`;
}

async function readOrUndefined(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Compare expected files (by absolute path) and the generated directory's extra files. */
export async function findDrift(expected: ReadonlyMap<string, string>, outDir: string): Promise<Drift[]> {
  const drift: Drift[] = [];
  for (const [file, text] of expected) {
    const actual = await readOrUndefined(file);
    if (actual === undefined) drift.push({ file, kind: 'missing', detail: 'not on disk' });
    else if (actual !== text) drift.push({ file, kind: 'changed', detail: firstDifference(text, actual) });
  }
  const present = await readdir(outDir).catch(() => [] as string[]);
  for (const name of present.sort()) {
    const file = path.join(outDir, name);
    if (!expected.has(file)) drift.push({ file, kind: 'extra', detail: 'not produced by the generator' });
  }
  return drift;
}
