/** A fresh temporary directory for each test of a suite, removed after it. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The directory of the running test; read `path` inside a test or hook, not at module level. */
export interface TempDir {
  readonly path: string;
}

/** Registers the `beforeEach`/`afterEach` pair that makes and removes a `<prefix>XXXXXX` directory. */
export function useTempDir(prefix: string): TempDir {
  let current: string | undefined;
  beforeEach(async () => {
    current = await mkdtemp(path.join(os.tmpdir(), prefix));
  });
  afterEach(async () => {
    if (current !== undefined) await rm(current, { recursive: true, force: true });
    current = undefined;
  });
  return {
    get path() {
      if (current === undefined) throw new Error('the temporary directory exists only inside a test');
      return current;
    },
  };
}
