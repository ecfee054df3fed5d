import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';

const run = promisify(execFile);
const PER_PROCESS = 25;
const MASTER = 'http://127.0.0.1:8080';
const CACHE_FILES = ['auth.json', 'auth.json.lock', 'certs.json', 'certs.json.lock'];

// As on a machine where npm skipped fs-ext's native build: the import fails, the caches fall back
// to in-process locking only.
const withoutFsExt: Plugin = {
  name: 'without-fs-ext',
  setup(builder) {
    builder.onResolve({ filter: /^fs-ext$/ }, () => ({ path: 'fs-ext', namespace: 'without-fs-ext' }));
    builder.onLoad({ filter: /.*/, namespace: 'without-fs-ext' }, () => ({
      contents: "throw new Error('Cannot find module build/Release/fs-ext.node');",
      loader: 'js',
    }));
  },
};

interface Snapshot {
  reads: number;
  problems: string[];
}

/** Read both cache files over and over until `done` settles; every read must be whole JSON. */
async function watchCaches(configDir: string, done: Promise<unknown>): Promise<Snapshot> {
  const snapshot: Snapshot = { reads: 0, problems: [] };
  const seen = new Set<string>();
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  while (!finished) {
    for (const name of ['auth.json', 'certs.json']) {
      let text: string;
      try {
        text = await readFile(path.join(configDir, name), 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' || seen.has(name)) snapshot.problems.push(`${name}: ${code}`);
        continue;
      }
      seen.add(name);
      snapshot.reads++;
      try {
        JSON.parse(text);
      } catch {
        snapshot.problems.push(`${name}: not JSON (${text.length} bytes)`);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return snapshot;
}

async function tokensAndCerts(
  configDir: string,
): Promise<{ tokens: Record<string, string>; certs: Record<string, string> }> {
  const auth = JSON.parse(await readFile(path.join(configDir, 'auth.json'), 'utf8'));
  const certs = JSON.parse(await readFile(path.join(configDir, 'certs.json'), 'utf8'));
  return { tokens: auth.masters[MASTER].tokens, certs };
}

describe('auth.json and certs.json', () => {
  let dir: string;
  let bundles: string;
  let withFlock: string;
  let withoutFlock: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'det-caches-'));
    // Beside the package's node_modules, so that the bundle finds the native fs-ext (flock).
    bundles = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'det-reliability');
    withFlock = path.join(bundles, `cache-writer-${process.pid}.cjs`);
    withoutFlock = path.join(bundles, `cache-writer-noflock-${process.pid}.cjs`);
    const common = {
      entryPoints: [path.join(__dirname, 'cache-writer-main.ts')],
      bundle: true,
      platform: 'node' as const,
      format: 'cjs' as const,
      target: 'node20',
      logLevel: 'silent' as const,
    };
    await build({ ...common, outfile: withFlock, external: ['fs-ext'] });
    await build({ ...common, outfile: withoutFlock, plugins: [withoutFsExt] });
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(withFlock, { force: true });
    await rm(withoutFlock, { force: true });
  });

  /** Two writer processes at once, the files read throughout; resolves to their stdout lines. */
  async function race(writer: string, configDir: string): Promise<{ modes: string[]; watched: Snapshot }> {
    // allSettled: a failed writer must not leave the other one writing into the next test.
    const writers = Promise.allSettled(
      ['a', 'b'].map((prefix) => run(process.execPath, [writer, configDir, prefix, String(PER_PROCESS)])),
    );
    const [outcomes, watched] = await Promise.all([writers, watchCaches(configDir, writers)]);
    const modes = outcomes.map((outcome) => {
      if (outcome.status === 'rejected') throw outcome.reason;
      return outcome.value.stdout.trim();
    });
    return { modes, watched };
  }

  it('two processes writing at once lose no entry and leave valid files, 0600 in a 0700 directory', async () => {
    const configDir = path.join(dir, 'flock', 'determined');
    const { modes, watched } = await race(withFlock, configDir);
    expect(modes).toStrictEqual(['flock', 'flock']);
    expect(watched.problems).toStrictEqual([]);
    const { tokens, certs } = await tokensAndCerts(configDir);
    expect(Object.keys(tokens)).toHaveLength(2 * PER_PROCESS);
    for (const [user, token] of Object.entries(tokens)) expect(token).toBe(`token-${user}`);
    expect(Object.keys(certs)).toHaveLength(2 * PER_PROCESS);
    expect((await stat(configDir)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(configDir, 'auth.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(configDir, 'certs.json'))).mode & 0o777).toBe(0o600);
    expect((await readdir(configDir)).sort()).toStrictEqual(CACHE_FILES);
  }, 60_000);

  // Without flock, concurrent read-modify-writes of two processes can drop each other's entries
  // (the warning says so), but each write is a whole file: staged under a name of its own and
  // renamed into place, so no writer fails and no reader ever sees a torn or missing file.
  it('without fs-ext, two processes writing at once never fail, tear or remove a file', async () => {
    const configDir = path.join(dir, 'no-flock', 'determined');
    const { modes, watched } = await race(withoutFlock, configDir);
    expect(modes).toStrictEqual(['no-flock', 'no-flock']);
    expect(watched.problems).toStrictEqual([]);
    expect(watched.reads).toBeGreaterThan(0);
    const { tokens, certs } = await tokensAndCerts(configDir);
    expect(Object.keys(tokens).length).toBeGreaterThan(0);
    for (const [user, token] of Object.entries(tokens)) expect(token).toBe(`token-${user}`);
    for (const [url, pem] of Object.entries(certs)) expect(url).toBe(`https://${pem.slice(4)}.example:8443`);
    expect((await stat(path.join(configDir, 'auth.json'))).mode & 0o777).toBe(0o600);
    expect((await readdir(configDir)).sort()).toStrictEqual(CACHE_FILES);
  }, 60_000);
});
