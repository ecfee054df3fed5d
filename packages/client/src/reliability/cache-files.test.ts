import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const run = promisify(execFile);
const PER_PROCESS = 25;

describe('auth.json and certs.json', () => {
  let dir: string;
  let writer: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'det-caches-'));
    // Beside the package's node_modules, so that the bundle finds the native fs-ext (flock).
    const bundles = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'det-reliability');
    writer = path.join(bundles, `cache-writer-${process.pid}.cjs`);
    await build({
      entryPoints: [path.join(__dirname, 'cache-writer-main.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: writer,
      external: ['fs-ext'],
      logLevel: 'silent',
    });
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(writer, { force: true });
  });

  it('two processes writing at once lose no entry and leave valid files, 0600 in a 0700 directory', async () => {
    const configDir = path.join(dir, 'config', 'determined');
    await Promise.all(
      ['a', 'b'].map((prefix) => run(process.execPath, [writer, configDir, prefix, String(PER_PROCESS)])),
    );
    const auth = JSON.parse(await readFile(path.join(configDir, 'auth.json'), 'utf8'));
    const tokens = auth.masters['http://127.0.0.1:8080'].tokens as Record<string, string>;
    expect(Object.keys(tokens)).toHaveLength(2 * PER_PROCESS);
    for (const [user, token] of Object.entries(tokens)) expect(token).toBe(`token-${user}`);
    const certs = JSON.parse(await readFile(path.join(configDir, 'certs.json'), 'utf8')) as Record<
      string,
      string
    >;
    expect(Object.keys(certs)).toHaveLength(2 * PER_PROCESS);
    expect((await stat(configDir)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(configDir, 'auth.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(configDir, 'certs.json'))).mode & 0o777).toBe(0o600);
  }, 60_000);
});
