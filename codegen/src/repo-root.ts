import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root above `from`: the directory holding packages/bindings. */
export function findRepoRoot(from: string): string | undefined {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'packages', 'bindings', 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
