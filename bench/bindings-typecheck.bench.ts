// Issue #2: type-checking the generated bindings takes under 20 s on the 2-core machine.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { report } from './measure';

const root = path.resolve(__dirname, '..');
const started = performance.now();
const run = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules/typescript/bin/tsc'),
    '--noEmit',
    '-p',
    path.join(root, 'packages/bindings/tsconfig.json'),
  ],
  { encoding: 'utf8' },
);
const seconds = Math.round((performance.now() - started) / 100) / 10;
report({
  name: 'tsc --noEmit of the generated bindings',
  ok: run.status === 0 && seconds < 20,
  target: '< 20 s, no errors',
  seconds,
  errors: run.status === 0 ? 0 : run.stdout.split('\n').filter((line) => line.includes('error TS')).length,
});
