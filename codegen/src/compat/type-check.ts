import { execFile } from 'node:child_process';
import path from 'node:path';

/** One tsc error. */
export interface TypeCheckError {
  /** Relative to the repository root. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** `TS2339`. */
  readonly code: string;
  /** The message with its continuation lines. */
  readonly message: string;
}

const LOCATED = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
const GLOBAL = /^error (TS\d+): (.*)$/;

/** Parse `tsc --pretty false` output into errors (continuation lines join their error's message). */
export function parseDiagnostics(output: string): TypeCheckError[] {
  const errors: TypeCheckError[] = [];
  let last: { -readonly [K in keyof TypeCheckError]: TypeCheckError[K] } | undefined;
  for (const line of output.split('\n')) {
    const located = LOCATED.exec(line);
    const global = located ? null : GLOBAL.exec(line);
    if (located) {
      const [, file = '', row, column, code = '', message = ''] = located;
      last = {
        file: file.split(path.sep).join('/'),
        line: Number(row),
        column: Number(column),
        code,
        message,
      };
      errors.push(last);
    } else if (global) {
      last = { file: '', line: 0, column: 0, code: global[1] as string, message: global[2] as string };
      errors.push(last);
    } else if (last && /^\s+\S/.test(line)) {
      last.message += `\n${line.trimEnd()}`;
    }
  }
  return errors;
}

/** Run the repository's tsc on a project; resolves with its errors (file names relative to `cwd`). */
export function typeCheckProject(options: {
  tsconfig: string;
  cwd: string;
  tsc: string;
}): Promise<TypeCheckError[]> {
  return new Promise((resolve, reject) => {
    const args = [options.tsc, '--noEmit', '--pretty', 'false', '-p', options.tsconfig];
    execFile(
      process.execPath,
      args,
      { cwd: options.cwd, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const errors = parseDiagnostics(stdout);
        if (error && errors.length === 0)
          reject(new Error(`tsc failed without diagnostics: ${stderr || stdout}`));
        else resolve(errors);
      },
    );
  });
}
