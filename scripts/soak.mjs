// `npm run soak [-- --minutes N]`: bundles scripts/soak (TypeScript, on the packages' sources)
// with esbuild and runs it: mixed facade calls and streams against an in-process mock master with
// random faults for N minutes (default 10), reporting RSS and open handles at start and end.
// Not part of `npm test`.
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outfile = path.join(root, '.tmp', 'soak', `soak-${process.pid}.cjs`);
mkdirSync(path.dirname(outfile), { recursive: true });

try {
  await build({
    entryPoints: [path.join(root, 'scripts', 'soak', 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'silent',
    external: ['fs-ext'],
  });
} catch (error) {
  process.stderr.write(`soak failed: cannot build scripts/soak: ${String(error.message).split('\n')[0]}\n`);
  process.exit(1);
}
const { main } = createRequire(import.meta.url)(outfile);
rmSync(outfile, { force: true });
process.exitCode = await main(process.argv.slice(2));
