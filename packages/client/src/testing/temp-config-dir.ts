/**
 * A fresh `determined` config directory for each test of the cache-file suites (`auth.json`,
 * `certs.json`), removed after it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { useTempDir } from './temp-dir';

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
  const temp = useTempDir(prefix);
  const fixture: TempConfigDir = {
    get root() {
      return temp.path;
    },
    get configDir() {
      return path.join(temp.path, 'determined');
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
