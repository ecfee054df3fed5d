// Runs every benchmark in bench/*.bench.ts: each is bundled with esbuild (so it runs on the
// TypeScript sources) and executed in its own Node process; each prints one JSON result line.
// Exits non-zero when a benchmark misses its target.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const benchDir = path.join(root, 'bench');
const outDir = path.join(root, '.bench');
const only = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });

const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((filter) => name.includes(filter)))
  .sort();

let failed = 0;
for (const name of files) {
  const outfile = path.join(outDir, name.replace(/\.ts$/, '.cjs'));
  try {
    await build({
      entryPoints: [path.join(benchDir, name)],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile,
      tsconfig: path.join(root, 'tsconfig.json'),
      logLevel: 'error',
      external: ['fs-ext'],
    });
  } catch (error) {
    failed++;
    console.log(`FAIL  ${name}  does not build: ${error.message.split('\n')[0]}`);
    continue;
  }
  const run = spawnSync(process.execPath, ['--expose-gc', outfile], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  let result;
  try {
    result = JSON.parse(line);
  } catch {
    result = { name, ok: false, error: `no result (exit ${run.status}): ${run.stdout.slice(-500)}` };
  }
  if (!result.ok) failed++;
  const figures = Object.entries(result)
    .filter(([key]) => !['name', 'ok', 'target'].includes(key))
    .map(([key, value]) => `${key}=${value}`)
    .join('  ');
  console.log(
    `${result.ok ? 'PASS' : 'FAIL'}  ${result.name ?? name}  ${figures}  (target: ${result.target ?? '-'})`,
  );
}
console.log(`${files.length - failed} benchmarks met their targets, ${failed} missed`);
process.exitCode = failed > 0 ? 1 : 0;
