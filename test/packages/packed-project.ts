// Packs the publishable packages as npm would publish them and installs the tarballs into a fresh
// project outside the repository, the way a user gets them.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Root of the repository. */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** The library packages a user installs, by workspace directory. */
export const LIBRARIES = {
  '@determined-ts/bindings': 'packages/bindings',
  '@determined-ts/client': 'packages/client',
  '@determined-ts/mock-master': 'packages/mock-master',
} as const;

/** A command's output; a failure rejects with its stdout and stderr in the message. */
export async function exec(
  file: string,
  args: readonly string[],
  cwd: string,
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(file, [...args], {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, FORCE_COLOR: '0' },
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${path.basename(file)} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`);
  }
}

/** `npm pack`s every library (their current dist) into `dest`; resolves with name → tarball. */
export async function packLibraries(dest: string): Promise<Record<string, string>> {
  const workspaces = Object.values(LIBRARIES).flatMap((dir) => ['-w', dir]);
  const { stdout } = await exec(
    'npm',
    ['pack', '--json', '--pack-destination', dest, ...workspaces],
    repoRoot,
  );
  const packed = JSON.parse(stdout) as { name: string; filename: string; files: { path: string }[] }[];
  for (const { name, files } of packed) {
    if (!files.some((f) => f.path === 'dist/index.d.cts'))
      throw new Error(`${name} packed without dist: build it`);
  }
  return Object.fromEntries(packed.map(({ name, filename }) => [name, path.join(dest, filename)]));
}

/**
 * Creates a project in `dir` depending on the tarballs (and `@types/node` for the type checks),
 * installs it from npm's cache where it can, and copies the consumer files in.
 */
export async function installProject(dir: string, tarballs: Record<string, string>): Promise<void> {
  const dependencies = Object.fromEntries(
    Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`]),
  );
  const devDependencies = { '@types/node': '20.19.43' };
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify(
      { name: 'consumer', private: true, version: '1.0.0', dependencies, devDependencies },
      null,
      2,
    ),
  );
  // Install scripts stay off: the optional native fs-ext is not needed to use the SDK.
  await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], dir);
  const consumerDir = path.join(__dirname, 'consumer');
  for (const file of await readdir(consumerDir))
    await copyFile(path.join(consumerDir, file), path.join(dir, file));
}

/** Compiler options every consumer check uses: strict, and the packages' declarations checked. */
const STRICT = { strict: true, skipLibCheck: false, noEmit: true, target: 'es2022', types: ['node'] };

/** Writes the two consumer tsconfigs: nodenext (`.mts` and `.cts`) and bundler. */
export async function writeConsumerTsconfigs(dir: string): Promise<{ nodenext: string; bundler: string }> {
  await mkdir(dir, { recursive: true });
  const nodenext = path.join(dir, 'tsconfig.nodenext.json');
  const bundler = path.join(dir, 'tsconfig.bundler.json');
  await writeFile(
    nodenext,
    JSON.stringify({
      compilerOptions: { ...STRICT, module: 'nodenext', moduleResolution: 'nodenext' },
      files: ['consumer.mts', 'consumer.cts'],
    }),
  );
  await writeFile(
    bundler,
    JSON.stringify({
      compilerOptions: { ...STRICT, module: 'esnext', moduleResolution: 'bundler' },
      files: ['consumer-bundler.ts'],
    }),
  );
  return { nodenext, bundler };
}

/** The repository's TypeScript compiler. */
export const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
