/**
 * Storage emulators that run in a child process of the test (their own core, not the test's
 * event loop): the child prints `{"port": N, ...}` once listening and exits when its stdin ends.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** A started child server. */
export interface ChildServer {
  readonly port: number;
  /** Everything the child reported on its first line (`port` and any other ports). */
  readonly info: Readonly<Record<string, number>>;
  /** Close the child's stdin and wait for it to exit. */
  stop(): Promise<void>;
}

async function readInfo(child: ChildProcess, script: string): Promise<Record<string, number>> {
  if (child.stdout === null) throw new Error(`${script} has no stdout`);
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${script} exited with code ${String(code)} before listening`);
  });
  const first = once(lines, 'line').then(([line]) => JSON.parse(String(line)) as Record<string, number>);
  return Promise.race([first, exited]);
}

/** Start `node [nodeArgs] script [args]` and wait for the port it reports. */
export async function startChildServer(options: {
  script: string;
  args: readonly string[];
  nodeArgs?: readonly string[] | undefined;
}): Promise<ChildServer> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script, ...options.args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const info = await readInfo(child, options.script).catch((error: unknown) => {
    child.kill();
    throw error;
  });
  return {
    port: info.port as number,
    info,
    async stop() {
      const exited = child.exitCode === null && child.signalCode === null ? once(child, 'exit') : null;
      child.stdin?.end();
      await exited;
    },
  };
}
