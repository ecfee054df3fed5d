import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CodegenError } from '../errors';
import { loadSpec } from '../load-spec';
import { apiModel } from './api-model';
import { compareModels } from './compare';
import { type DiffReport, diffReport, renderMarkdown } from './render';

/** Usage of `determined-codegen diff`. */
export const diffUsage = `Usage: determined-codegen diff <old spec> <new spec> [--json] [--fail-on-breaking] [--out <file>]

  Specs are files or URLs (a master URL without a path means its /api/v1/api.swagger.json).
  --json              Print the report as JSON instead of markdown.
  --fail-on-breaking  Exit 1 when a change is breaking for a client.
  --out               Write the report to a file instead of standard output.`;

interface DiffOptions {
  readonly specs: readonly [string, string];
  readonly json: boolean;
  readonly failOnBreaking: boolean;
  readonly out: string | undefined;
}

function parseDiffArgs(argv: readonly string[]): DiffOptions | 'help' {
  const specs: string[] = [];
  let json = false;
  let failOnBreaking = false;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--json') json = true;
    else if (arg === '--fail-on-breaking') failOnBreaking = true;
    else if (arg === '--out') {
      out = argv[++i];
      if (!out) throw new CodegenError(`--out needs a value\n\n${diffUsage}`);
    } else if (arg.startsWith('--')) throw new CodegenError(`unknown argument ${arg}\n\n${diffUsage}`);
    else specs.push(arg);
  }
  const [before, after] = specs;
  if (specs.length !== 2 || !before || !after) {
    throw new CodegenError(`diff needs exactly two specs, the old and the new\n\n${diffUsage}`);
  }
  return { specs: [before, after], json, failOnBreaking, out };
}

/** Compute the diff report between two specs (files or URLs). */
export async function diffSpecs(before: string, after: string): Promise<DiffReport> {
  const [old, next] = await Promise.all([loadSpec(before), loadSpec(after)]);
  const [oldModel, newModel] = await Promise.all([apiModel(old), apiModel(next)]);
  return diffReport(oldModel, newModel, compareModels(oldModel, newModel));
}

/** `determined-codegen diff <old> <new>`: print (or write) the report; exit 1 on breaking changes if asked. */
export async function runDiff(argv: readonly string[]): Promise<number> {
  const options = parseDiffArgs(argv);
  if (options === 'help') {
    console.log(diffUsage);
    return 0;
  }
  const report = await diffSpecs(...options.specs);
  const text = options.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderMarkdown(report)}`;
  if (options.out) {
    await mkdir(path.dirname(path.resolve(options.out)), { recursive: true });
    await writeFile(options.out, text);
    console.log(
      `wrote ${options.out}: ${report.summary.breaking} breaking, ${report.summary.nonBreaking} non-breaking`,
    );
  } else {
    process.stdout.write(text);
  }
  if (options.failOnBreaking && report.summary.breaking > 0) {
    console.error(`determined-codegen diff: ${report.summary.breaking} breaking change(s)`);
    return 1;
  }
  return 0;
}
