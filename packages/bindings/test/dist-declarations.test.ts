// The declaration bundle that tsup builds must type-check in a strict consumer that checks library
// files too (`skipLibCheck: false`), under the module settings users pick.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '@test-support/vendored';

// A tsup build with declarations and three tsc runs over a 1.5 MB bundle on a shared 2-core machine.
jest.setTimeout(300_000);

const packageDir = path.join(__dirname, '..');
const consumers = path.join(__dirname, 'dist-consumers');
const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
const tsup = path.join(repoRoot, 'node_modules', 'tsup', 'dist', 'cli-default.js');

interface Run {
  readonly code: number;
  readonly output: string;
}

function run(args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

const strictOptions = {
  strict: true,
  skipLibCheck: false,
  noEmit: true,
  target: 'ES2022',
  lib: ['ES2023'],
  // zod's declarations name `URL`, which a Node consumer gets from @types/node.
  types: ['node'],
};

let scratch = '';

/** Type-check the named consumer files with the given compiler options; returns tsc's output. */
async function typeCheck(name: string, files: readonly string[], options: Record<string, unknown>) {
  const dir = path.join(scratch, name);
  await mkdir(dir, { recursive: true });
  await symlink(path.join(scratch, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  for (const file of files) await copyFile(path.join(consumers, file), path.join(dir, file));
  const tsconfig = { compilerOptions: { ...strictOptions, ...options }, files };
  await writeFile(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  return run([tsc, '--pretty', 'false', '-p', path.join(dir, 'tsconfig.json')], dir);
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'bindings-dist-'));
  const installed = path.join(scratch, 'node_modules', '@determined-ts', 'bindings');
  await mkdir(installed, { recursive: true });
  await copyFile(path.join(packageDir, 'package.json'), path.join(installed, 'package.json'));
  await symlink(path.join(repoRoot, 'node_modules', 'zod'), path.join(scratch, 'node_modules', 'zod'), 'dir');
  await mkdir(path.join(scratch, 'node_modules', '@types'));
  await symlink(
    path.join(repoRoot, 'node_modules', '@types', 'node'),
    path.join(scratch, 'node_modules', '@types', 'node'),
    'dir',
  );
  // A private build, so that the package's own dist (read by other packages' tests) is left alone.
  const build = await run([tsup, '--out-dir', path.join(installed, 'dist')], packageDir);
  if (build.code !== 0) throw new Error(`tsup build of the bindings failed:\n${build.output}`);
});

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('the built declaration bundle of @determined-ts/bindings', () => {
  it('declares no computed property keys that TypeScript rejects (TS1170)', async () => {
    const installed = path.join(scratch, 'node_modules', '@determined-ts', 'bindings', 'dist');
    for (const file of ['index.d.ts', 'index.d.cts']) {
      const text = await readFile(path.join(installed, file), 'utf8');
      expect(text).not.toMatch(/^\s*\[[^\]:]+\]\s*:/m);
    }
  });

  it('type-checks ESM (.mts) and CommonJS (.cts) consumers under module nodenext with skipLibCheck false', async () => {
    const result = await typeCheck('nodenext', ['consumer.mts', 'consumer.cts'], {
      module: 'nodenext',
      moduleResolution: 'nodenext',
    });
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('type-checks a consumer under moduleResolution bundler with skipLibCheck false', async () => {
    const result = await typeCheck('bundler', ['consumer-bundler.ts'], {
      module: 'esnext',
      moduleResolution: 'bundler',
    });
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });
});
