/**
 * A fresh `determined` config directory for each test of the cache-file suites (`auth.json`,
 * `certs.json`), removed after it.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The directory of the running test; read it inside a test or hook, not at module level. */
export interface TempConfigDir {
  /** The temporary directory holding `configDir` (free for other files of the test). */
  readonly root: string;
  /** `<root>/determined`, not created until something is written into it. */
  readonly configDir: string;
  /** The path of `name` in the config directory. */
  file(name: string): string;
  /** Writes `content` (a string as is, anything else as JSON) to `name`, creating the directory. */
  write(name: string, content: unknown): Promise<string>;
}

/** Registers the `beforeEach`/`afterEach` pair that makes and removes a config directory. */
export function useTempConfigDir(prefix: string): TempConfigDir {
  let root: string | undefined;
  const current = (): string => {
    if (root === undefined) throw new Error('the temporary config directory exists only inside a test');
    return root;
  };
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), prefix));
  });
  afterEach(async () => {
    if (root !== undefined) await rm(root, { recursive: true, force: true });
    root = undefined;
  });
  const fixture: TempConfigDir = {
    get root() {
      return current();
    },
    get configDir() {
      return path.join(current(), 'determined');
    },
    file: (name) => path.join(fixture.configDir, name),
    async write(name, content) {
      await mkdir(fixture.configDir, { recursive: true });
      const file = fixture.file(name);
      await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
      return file;
    },
  };
  return fixture;
}
