import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '@test-support/vendored';
import { build } from 'esbuild';

/**
 * The client loads `@determined-ts/bindings/schemas` with a dynamic import on first validation,
 * while the mock master (and users' code) import `schemas` statically from the package root. A
 * bundle holding both must see the schemas at the static importer's top level.
 */
const entry = `
import { schemas } from '@determined-ts/bindings';
const atTopLevel = typeof schemas === 'object' && typeof schemas.v1LoginRequest?.parse;
import('@determined-ts/bindings/schemas').then((lazy) => {
  process.stdout.write(JSON.stringify({ atTopLevel, sameObject: lazy.schemas === schemas }));
});
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'bindings-bundle-'));
  writeFileSync(path.join(dir, 'entry.ts'), entry);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(['cjs', 'esm'] as const)('an esbuild %s bundle importing the schemas both ways', (format) => {
  it('sees them at top level, and the lazy import gives the same object', async () => {
    const outfile = path.join(dir, `out-${format}.${format === 'cjs' ? 'cjs' : 'mjs'}`);
    await build({
      entryPoints: [path.join(dir, 'entry.ts')],
      bundle: true,
      platform: 'node',
      format,
      outfile,
      tsconfig: path.join(repoRoot, 'tsconfig.json'),
      logLevel: 'silent',
    });
    const printed = execFileSync(process.execPath, [outfile], { encoding: 'utf8' });
    expect(JSON.parse(printed)).toStrictEqual({ atTopLevel: 'function', sameObject: true });
  });
});
