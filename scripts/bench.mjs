// `npm run bench`: the performance suite (bench/suite, the scenarios of the performance issue,
// against the built @determined-ts/client), then the component benchmarks (bench/*.bench.ts).
// Arguments filter both by name; `--runs N` sets the suite's best-of-N (default 2); `--no-build`
// measures the client build already in packages/client/dist; `--client-source` bundles the client's
// sources into the contenders instead (its dependencies stay external), for a tree whose
// declaration build is broken mid-change. With DET_UPSTREAM_HARNESS set to a Determined checkout's
// harness/ directory, the suite also measures Determined's Python SDK (bench/README.md).
// Exits non-zero when a target is missed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const benchDir = path.join(root, 'bench');
const outDir = path.join(root, '.bench');
const clientManifest = JSON.parse(readFileSync(path.join(root, 'packages/client/package.json'), 'utf8'));
const mockManifest = JSON.parse(readFileSync(path.join(root, 'packages/mock-master/package.json'), 'utf8'));
const noBuild = process.argv.includes('--no-build');
const fromSource = process.argv.includes('--client-source');
const args = process.argv.slice(2).filter((arg) => arg !== '--no-build' && arg !== '--client-source');
const only = args.filter((arg, i) => arg !== '--runs' && args[i - 1] !== '--runs');
mkdirSync(outDir, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  tsconfig: path.join(root, 'tsconfig.json'),
  logLevel: 'error',
};

/** The contenders measure the package users install: its build, resolved from node_modules. */
function buildClient() {
  const run = spawnSync(
    'npx',
    ['turbo', 'run', 'build', '--filter=@determined-ts/client', '--output-logs=errors-only'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (run.status !== 0) throw new Error('building @determined-ts/client failed');
}

/** The mock master's third-party dependencies (some with native addons, e.g. ssh2): never bundled. */
const mockDependencies = Object.keys({
  ...mockManifest.dependencies,
  ...mockManifest.optionalDependencies,
}).filter((name) => !name.startsWith('@determined-ts/'));

async function bundleSuite() {
  const suiteDir = path.join(benchDir, 'suite');
  const suiteOut = path.join(outDir, 'suite');
  // The orchestrator and the bench master (mock master from source) as CommonJS bundles; the mock
  // master's third-party dependencies (some with native addons) load from node_modules.
  for (const name of ['run', 'server']) {
    await build({
      ...common,
      entryPoints: [path.join(suiteDir, `${name}.ts`)],
      format: 'cjs',
      outfile: path.join(suiteOut, `${name}.cjs`),
      external: ['fs-ext', ...mockDependencies],
    });
  }
  // Contenders as ES modules that import the built client, exactly as an application does.
  const clientDependencies = Object.keys({
    ...clientManifest.dependencies,
    ...clientManifest.optionalDependencies,
    // The cloud storage SDKs the client loads on demand (DIRECT downloads).
    ...clientManifest.peerDependencies,
  });
  const external = fromSource
    ? clientDependencies.filter((name) => !name.startsWith('@determined-ts/'))
    : ['@determined-ts/client', 'fs-ext'];
  const contenders = readdirSync(path.join(suiteDir, 'contenders')).filter((name) => name.endsWith('.ts'));
  for (const name of contenders) {
    await build({
      ...common,
      entryPoints: [path.join(suiteDir, 'contenders', name)],
      format: 'esm',
      outfile: path.join(suiteOut, name.replace(/\.ts$/, '.mjs')),
      external,
    });
  }
}

function runSuite() {
  const client = fromSource ? 'sources bundled into the contenders' : 'packages/client/dist';
  const run = spawnSync(
    process.execPath,
    [path.join(outDir, 'suite', 'run.cjs'), root, ...args, '--client', client],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  return run.status === 0;
}

async function runComponentBenchmarks() {
  const files = readdirSync(benchDir)
    .filter((name) => name.endsWith('.bench.ts'))
    .filter((name) => only.length === 0 || only.some((filter) => name.includes(filter)))
    .sort();
  let failed = 0;
  for (const name of files) {
    const outfile = path.join(outDir, name.replace(/\.ts$/, '.cjs'));
    try {
      await build({
        ...common,
        entryPoints: [path.join(benchDir, name)],
        format: 'cjs',
        outfile,
        // Component benchmarks start a mock master from source: its dependencies load from node_modules.
        external: ['fs-ext', ...mockDependencies],
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
  if (files.length > 0)
    console.log(`${files.length - failed} component benchmarks met their targets, ${failed} missed`);
  return failed === 0;
}

if (!noBuild && !fromSource) buildClient();
await bundleSuite();
const suiteOk = runSuite();
console.log('\ncomponent benchmarks');
const componentsOk = await runComponentBenchmarks();
process.exitCode = suiteOk && componentsOk ? 0 : 1;
