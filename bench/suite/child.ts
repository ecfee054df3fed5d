// Starting the benchmark's child processes: the bench master and one contender at a time.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
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

/** Run one contender script in a fresh process with its JSON argument; resolve to its result. */
export function runContender(bundle: BundleDir, script: string, args: object): Promise<ContenderResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(bundle.dir, `${script}.mjs`), JSON.stringify(args)], {
      cwd: bundle.root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.once('exit', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as ContenderResult);
      } catch {
        const error = `${script} printed no result (exit ${code}): ${stdout.slice(-300)}`;
        resolve({ ok: false, seconds: 0, units: 0, peakRssMiB: 0, error });
      }
    });
  });
}
