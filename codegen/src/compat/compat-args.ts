import { CodegenError } from '../errors';

/** Options of `determined-codegen compat`. */
export interface CompatOptions {
  readonly spec: string;
  /** The spec the diff starts from (default: the vendored spec of the committed bindings). */
  readonly baseline: string | undefined;
  readonly specVersion: string | undefined;
  readonly json: boolean;
  /** Exit 0 even when the facade breaks (for reports on older masters). */
  readonly reportOnly: boolean;
}

/** Usage of `determined-codegen compat`. */
export const compatUsage = `Usage: determined-codegen compat --spec <file | URL> [--baseline <spec>] [--spec-version <v>] [--json] [--report-only]

  Regenerates the bindings from --spec into a temporary copy, type-checks packages/client/src and
  examples/ against them, and lists each facade member that names an operation or definition the
  spec changed or removed (compared with --baseline, by default the spec of the committed bindings).
  Exits 1 when the type check fails, unless --report-only.`;

/** Parse `compat` arguments (after the subcommand). */
export function parseCompatArgs(argv: readonly string[]): CompatOptions | 'help' {
  const values = new Map<string, string>();
  let json = false;
  let reportOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--json') json = true;
    else if (arg === '--report-only') reportOnly = true;
    else if (['--spec', '--baseline', '--spec-version'].includes(arg)) {
      const value = argv[++i];
      if (!value) throw new CodegenError(`${arg} needs a value\n\n${compatUsage}`);
      values.set(arg, value);
    } else throw new CodegenError(`unknown argument ${arg}\n\n${compatUsage}`);
  }
  const spec = values.get('--spec');
  if (!spec) throw new CodegenError(`--spec is required\n\n${compatUsage}`);
  return {
    spec,
    baseline: values.get('--baseline'),
    specVersion: values.get('--spec-version'),
    json,
    reportOnly,
  };
}
