// Starting the benchmark's child processes: the bench master and one contender at a time.
import { type ChildProcess, type ChildProcessByStdio, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { BenchManifest, ContenderResult } from './protocol';

/** The running bench master. */
export interface BenchServer {
  readonly manifest: BenchManifest;
  stop(): Promise<void>;
}

/** Where the bundled benchmark scripts are (`.bench/suite`). */
export interface BundleDir {
  readonly dir: string;
  readonly root: string;
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    if (child.stdout === null) throw new Error('child has no stdout');
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`the bench master exited (${code}) before it listened`)));
  });
}

/** Start the bench master in its own process and wait for its manifest. */
export async function startServer(bundle: BundleDir): Promise<BenchServer> {
  const child = spawn(
    process.execPath,
    [path.join(bundle.dir, 'server.cjs'), path.join(bundle.root, '.bench')],
    {
      cwd: bundle.root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const manifest = JSON.parse(await firstLine(child)) as BenchManifest;
  return {
    manifest,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Determined's Python SDK to run the Python contender with (`DET_UPSTREAM_HARNESS`). */
export interface PythonHarness {
  /** The upstream checkout's `harness/` directory, put on `PYTHONPATH`. */
  readonly harness: string;
  /** The interpreter that has the SDK's dependencies. */
  readonly python: string;
}

/** The Python harness from the environment, or null when `DET_UPSTREAM_HARNESS` is not set. */
export function pythonHarnessFromEnv(env: NodeJS.ProcessEnv = process.env): PythonHarness | null {
  const harness = env.DET_UPSTREAM_HARNESS;
  if (harness === undefined || harness === '') return null;
  const resolved = path.resolve(harness);
  if (!existsSync(path.join(resolved, 'determined', '__init__.py'))) {
    throw new Error(
      `DET_UPSTREAM_HARNESS=${harness} is not a Determined checkout's harness/ (no determined/ package)`,
    );
  }
  return { harness: resolved, python: env.DET_UPSTREAM_PYTHON || '/usr/bin/python3' };
}

/** Where a contender runs: a bundled Node script, or the Python SDK contender. */
export type ContenderCommand =
  | { readonly runtime: 'node'; readonly script: string }
  | { readonly runtime: 'python'; readonly harness: PythonHarness };

function spawnContender(
  bundle: BundleDir,
  command: ContenderCommand,
  args: object,
): ChildProcessByStdio<null, Readable, null> {
  const json = JSON.stringify(args);
  if (command.runtime === 'node') {
    const script = path.join(bundle.dir, `${command.script}.mjs`);
    return spawn(process.execPath, [script, json], {
      cwd: bundle.root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  }
  const script = path.join(bundle.root, 'bench', 'suite', 'contenders', 'python-sdk.py');
  const env = { ...process.env, PYTHONPATH: command.harness.harness, PYTHONDONTWRITEBYTECODE: '1' };
  return spawn(command.harness.python, [script, json], {
    cwd: bundle.root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
  });
}

/** Run one contender in a fresh process with its JSON argument; resolve to its result. */
export function runContender(
  bundle: BundleDir,
  command: ContenderCommand,
  args: object,
): Promise<ContenderResult> {
  const name = command.runtime === 'node' ? command.script : 'python-sdk.py';
  return new Promise((resolve) => {
    const child = spawnContender(bundle, command, args);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.once('error', (error) => {
      resolve({ ok: false, seconds: 0, units: 0, peakRssMiB: 0, error: `${name}: ${error.message}` });
    });
    child.once('exit', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as ContenderResult);
      } catch {
        const error = `${name} printed no result (exit ${code}): ${stdout.slice(-300)}`;
        resolve({ ok: false, seconds: 0, units: 0, peakRssMiB: 0, error });
      }
    });
  });
}
