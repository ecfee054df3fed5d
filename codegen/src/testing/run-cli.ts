import { execFile } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '@test-support/vendored';

/** The built command, as npm links it. */
export const cli = path.join(repoRoot, 'codegen', 'bin', 'determined-codegen.js');

/** What a run of the command printed and its exit status. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `determined-codegen` with arguments (from the repository root unless told otherwise). */
export function runCli(args: readonly string[], cwd = repoRoot): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
