// `npm run check:compat -- --spec <file | URL> [--json] [--report-only]`: regenerate the bindings from
// a spec into a temporary copy, type-check packages/client/src and examples/ against them and list the
// facade members whose operations or definitions changed (see `determined-codegen compat --help`).
//
// `npm run check:compat -- --vendored`: the same for every vendored spec in openapi/; only a break
// against the spec of the committed bindings (openapi/spec.lock.json) fails, the others are reports.
//
// Runs codegen from its sources (bundled with esbuild into node_modules/.cache), so it never depends
// on a stale or half-written codegen/dist while other builds run.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'determined-codegen');

async function bundleCodegen() {
  mkdirSync(cacheDir, { recursive: true });
  // One file per run: concurrent runs (CI, the spec-mutation test) never share a half-written bundle.
  const outfile = path.join(cacheDir, `cli-${process.pid}-${Date.now()}.mjs`);
  await build({
    entryPoints: [path.join(root, 'codegen', 'src', 'cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return outfile;
}

function vendoredSpecs() {
  const dir = path.join(root, 'openapi');
  const lock = JSON.parse(readFileSync(path.join(dir, 'spec.lock.json'), 'utf8'));
  return readdirSync(dir)
    .filter((name) => /^determined-.+\.swagger\.json$/.test(name))
    .sort()
    .map((name) => {
      const file = path.join('openapi', name);
      const sha256 = createHash('sha256')
        .update(readFileSync(path.join(root, file)))
        .digest('hex');
      return { file, current: sha256 === lock.spec.sha256 };
    });
}

function runCompat(cli, args) {
  const run = spawnSync(process.execPath, [cli, 'compat', ...args], { cwd: root, stdio: 'inherit' });
  return run.status ?? 2;
}

const args = process.argv.slice(2);
const cli = await bundleCodegen();
try {
  if (args.includes('--vendored')) {
    const rest = args.filter((arg) => arg !== '--vendored');
    let failed = 0;
    for (const spec of vendoredSpecs()) {
      const role = spec.current ? 'current spec: a break fails' : 'older master: report only';
      console.log(`\n=== check:compat ${spec.file} (${role}) ===\n`);
      const status = runCompat(cli, [
        '--spec',
        spec.file,
        ...rest,
        ...(spec.current ? [] : ['--report-only']),
      ]);
      if (status !== 0) failed++;
    }
    process.exitCode = failed === 0 ? 0 : 1;
  } else {
    process.exitCode = runCompat(cli, args);
  }
} finally {
  rmSync(cli, { force: true });
}
