import { CodegenError } from './errors';

/** Parsed command-line options. */
export interface CliOptions {
  readonly spec: string;
  readonly out: string | undefined;
  readonly lock: string | undefined;
  /** Directory of vendored `determined-<version>.swagger.json` specs (for each operation's first version). */
  readonly history: string | undefined;
  /** Master version of the spec, when neither its file name nor the master tells it. */
  readonly specVersion: string | undefined;
  readonly check: boolean;
  readonly help: boolean;
}

export const usage = `Usage: determined-codegen --spec <file | http(s) URL> [--out <dir>] [--lock <file>]
                          [--history <dir>] [--spec-version <version>] [--check]
       determined-codegen diff <old spec> <new spec> [--json] [--fail-on-breaking]
       determined-codegen compat --spec <file | URL> [--json] [--fail-on-break]

  --spec   Swagger 2.0 (or OpenAPI 3) spec: a file path, a URL, or a master URL without a path
           (fetched at <master>/api/v1/api.swagger.json).
  --out    Output directory (default: packages/bindings/src/generated in this repository).
  --lock   Lock file (default: openapi/spec.lock.json with the default --out, else <out>/spec.lock.json).
  --history       Directory of vendored determined-<version>.swagger.json specs: each operation's
                  first version (operationSince) is the oldest of them that has it.
  --spec-version  Master version of --spec (default: from its file name determined-<version>.swagger.json,
                  a --history spec with the same bytes, or the master's GET /info).
  --check  Regenerate in memory and exit 1 with a summary if the files on disk differ.`;

/** Parse argv (without node and script). */
export function parseArgs(argv: readonly string[]): CliOptions {
  const values = new Map<string, string>();
  let check = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--check') check = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (
      arg.startsWith('--') &&
      ['--spec', '--out', '--lock', '--history', '--spec-version'].includes(arg.split('=')[0] as string)
    ) {
      const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new CodegenError(`${flag} needs a value\n\n${usage}`);
      values.set(flag, value);
    } else {
      throw new CodegenError(`unknown argument ${arg}\n\n${usage}`);
    }
  }
  const spec = values.get('--spec');
  if (!spec && !help) throw new CodegenError(`--spec is required\n\n${usage}`);
  return {
    spec: spec ?? '',
    out: values.get('--out'),
    lock: values.get('--lock'),
    history: values.get('--history'),
    specVersion: values.get('--spec-version'),
    check,
    help,
  };
}
