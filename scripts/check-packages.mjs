// Lints every publishable package as npm would publish it: publint (package.json fields against the
// packed files; suggestions count as failures too) and, for the libraries, Are The Types Wrong
// (`attw --pack`: types resolve for node10, node16 ESM/CJS and bundlers). Run after a build:
// `npm run check:packages`. Exits non-zero when any package has any finding.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** The publishable packages; `types: false` for the CLI-only codegen, which has no library entry. */
const packages = [
  { dir: 'packages/bindings', types: true },
  { dir: 'packages/client', types: true },
  { dir: 'packages/mock-master', types: true },
  { dir: 'codegen', types: false },
];

let failures = 0;
for (const { dir, types } of packages) {
  const pkgDir = path.join(root, dir);
  const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const { messages } = await publint({ pkgDir, pack: 'npm', level: 'suggestion', strict: true });
  for (const message of messages) {
    console.log(`FAIL  ${pkg.name}  publint ${message.type}: ${formatMessage(message, pkg)}`);
  }
  failures += messages.length;
  if (messages.length === 0) console.log(`ok    ${pkg.name}  publint`);

  if (!types) continue;
  const attw = spawnSync(
    path.join(root, 'node_modules/.bin/attw'),
    ['--pack', '.', '--format', 'ascii', '--no-color', '--no-emoji'],
    { cwd: pkgDir, encoding: 'utf8' },
  );
  if (attw.status === 0) {
    console.log(`ok    ${pkg.name}  attw`);
  } else {
    failures++;
    console.log(`FAIL  ${pkg.name}  attw:\n${attw.stdout}${attw.stderr}`);
  }
}

console.log(failures === 0 ? 'packages: all clean' : `packages: ${failures} finding(s)`);
process.exit(failures === 0 ? 0 : 1);
