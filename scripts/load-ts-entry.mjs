// Bundles `scripts/<name>/main.ts` (TypeScript, on the packages' sources) with esbuild and loads it,
// so the repository's TypeScript scripts run without a build step. A failure to build is one clear
// line on stderr and exit code 1.
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** The exports of `scripts/<name>/main.ts`, bundled into a per-process file that is removed once loaded. */
export async function loadTsEntry(name) {
  // One bundle per process, so that two runs (or a run and its test) never write the same file.
  const outfile = path.join(root, '.tmp', name, `${name}-${process.pid}.cjs`);
  mkdirSync(path.dirname(outfile), { recursive: true });
  try {
    await build({
      entryPoints: [path.join(root, 'scripts', name, 'main.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile,
      tsconfig: path.join(root, 'tsconfig.json'),
      logLevel: 'silent',
      // Loaded from node_modules at run time: the optional native addon, and the mock master's
      // SSH server (its optional native crypto bindings cannot be bundled).
      external: ['fs-ext', 'ssh2'],
    });
  } catch (error) {
    process.stderr.write(
      `${name} failed: cannot build scripts/${name}: ${String(error.message).split('\n')[0]}\n`,
    );
    process.exit(1);
  }
  const loaded = createRequire(import.meta.url)(outfile);
  rmSync(outfile, { force: true });
  return loaded;
}
