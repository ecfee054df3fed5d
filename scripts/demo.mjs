// `npm run demo`: bundles scripts/demo (TypeScript, on the packages' sources) with esbuild and
// runs it. Exits with the demo's code; a failure to even build is one clear line too.
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
// One bundle per process, so that two demos (or a demo and its test) never write the same file.
const outfile = path.join(root, '.tmp', 'demo', `demo-${process.pid}.cjs`);
mkdirSync(path.dirname(outfile), { recursive: true });

try {
  await build({
    entryPoints: [path.join(root, 'scripts', 'demo', 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'silent',
    // The optional native addon is loaded from node_modules at run time.
    external: ['fs-ext'],
  });
} catch (error) {
  process.stderr.write(`demo failed: cannot build scripts/demo: ${String(error.message).split('\n')[0]}\n`);
  process.exit(1);
}
// `npm run demo | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = createRequire(import.meta.url)(outfile);
rmSync(outfile, { force: true });
process.exitCode = await main();
