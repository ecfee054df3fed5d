const stem = (file: string): string => (file.split(/[\\/]/).pop() ?? '').replace(/\.[cm]?[jt]s$/, '');

/**
 * Runs an example's `main` when its file is the script node was started with
 * (`npx tsx examples/<file>`, or a bundle of it with the same name), and not when a test imports
 * it. The exit code is `main`'s; an error is one line on stderr and exit code 1.
 */
export function runIfMain(file: string, main: () => Promise<number>): void {
  if (process.argv[1] === undefined || stem(process.argv[1]) !== stem(file)) return;
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}

/** A command-line argument as a positive integer id, or a clear error naming it. */
export function idArgument(text: string | undefined, name: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0)
    throw new Error(`${name} must be a positive integer (got ${text ?? 'nothing'})`);
  return id;
}
