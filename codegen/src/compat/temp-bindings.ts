import { copyFile, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Generated } from '../generate';

/** A temporary copy of the bindings package and a tsconfig that type-checks the facade against it. */
export interface TempBindings {
  readonly dir: string;
  readonly tsconfig: string;
  /** Remove the temporary directory. */
  dispose(): Promise<void>;
}

/** Where the facade sources are, relative to the repository root, and what a compat check type-checks. */
export const checkedRoots = ['packages/client/src', 'examples'] as const;

async function handWrittenSources(bindingsSrc: string): Promise<string[]> {
  const names = await readdir(bindingsSrc);
  return names.filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
}

/**
 * Write `generated` into a temporary copy of `packages/bindings/src` (with the hand-written modules of
 * the real one) and a tsconfig that maps `@determined-ts/bindings` to it and includes the sources of
 * the facade and the examples (not their tests).
 */
export async function writeTempBindings(repoRoot: string, generated: Generated): Promise<TempBindings> {
  const dir = await mkdtemp(path.join(tmpdir(), 'determined-compat-'));
  const src = path.join(dir, 'bindings', 'src');
  await mkdir(path.join(src, 'generated'), { recursive: true });
  for (const [name, text] of generated.files) await writeFile(path.join(src, 'generated', name), text);
  const realSrc = path.join(repoRoot, 'packages', 'bindings', 'src');
  for (const name of await handWrittenSources(realSrc))
    await copyFile(path.join(realSrc, name), path.join(src, name));
  // The generated modules import zod: resolve it (and @types) from the repository's node_modules.
  await symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const tsconfig = path.join(dir, 'tsconfig.json');
  const config = {
    extends: path.join(repoRoot, 'tsconfig.base.json'),
    compilerOptions: {
      noEmit: true,
      baseUrl: repoRoot,
      typeRoots: [path.join(repoRoot, 'node_modules', '@types')],
      paths: {
        '@determined-ts/bindings': [path.join(src, 'index.ts')],
        '@determined-ts/bindings/*': [path.join(src, '*.ts')],
        '@determined-ts/client': [path.join(repoRoot, 'packages', 'client', 'src', 'index.ts')],
        '@determined-ts/mock-master': [path.join(repoRoot, 'packages', 'mock-master', 'src', 'index.ts')],
        '@test-support/*': [path.join(repoRoot, 'test-support', '*')],
      },
    },
    include: checkedRoots.map((root) => path.join(repoRoot, root)),
    // The facade and the examples as users build them; tests are type-checked by `npm run typecheck`.
    exclude: [
      path.join(repoRoot, 'examples', 'node_modules'),
      path.join(repoRoot, '**', 'dist'),
      path.join(repoRoot, '**', '*.test.ts'),
      path.join(repoRoot, 'packages', 'client', 'src', 'testing'),
      path.join(repoRoot, 'examples', '**', 'test'),
    ],
  };
  await writeFile(tsconfig, `${JSON.stringify(config, null, 2)}\n`);
  return { dir, tsconfig, dispose: () => rm(dir, { recursive: true, force: true }) };
}
