import { readFile } from 'node:fs/promises';
import path from 'node:path';
import codegenPackage from '../../package.json';
import { apiModel } from '../diff/api-model';
import { compareModels } from '../diff/compare';
import { diffReport } from '../diff/render';
import { CodegenError } from '../errors';
import { generate } from '../generate';
import { type LoadedSpec, loadSpec } from '../load-spec';
import { findRepoRoot } from '../repo-root';
import { readHistory } from '../versions/history';
import { resolveSpecVersion } from '../versions/spec-version';
import { affectedUses, changesByName } from './affected';
import { type CompatOptions, compatUsage, parseCompatArgs } from './compat-args';
import { readFacadeFiles } from './facade-files';
import { type CompatReport, type LocatedError, renderCompat } from './render-compat';
import { sourceMembers } from './source-members';
import { checkedRoots, writeTempBindings } from './temp-bindings';
import { type TypeCheckError, typeCheckProject } from './type-check';

/** The vendored spec the committed bindings were generated from (found by the lock's sha256). */
async function committedSpec(repoRoot: string): Promise<string> {
  const lockFile = path.join(repoRoot, 'openapi', 'spec.lock.json');
  const lock = JSON.parse(await readFile(lockFile, 'utf8')) as { spec?: { sha256?: string } };
  const history = await readHistory(path.join(repoRoot, 'openapi'));
  const match = history.find((entry) => entry.sha256 === lock.spec?.sha256);
  if (!match)
    throw new CodegenError(`no vendored spec in openapi/ matches ${lockFile}: pass --baseline <spec>`);
  return path.relative(repoRoot, match.file);
}

/** Type-check the facade and examples against bindings regenerated from `spec` in a temporary copy. */
async function typeCheckAgainst(
  repoRoot: string,
  spec: LoadedSpec,
  options: CompatOptions,
): Promise<TypeCheckError[]> {
  // Only the types matter here: a spec of unknown version still type-checks.
  const specVersion = await resolveSpecVersion({
    specArgument: options.spec,
    spec,
    explicit: options.specVersion,
    history: [],
  }).catch(() => 'unknown');
  const generated = await generate(spec, {
    generatorVersion: codegenPackage.version,
    specVersion,
    history: [],
  });
  const temp = await writeTempBindings(repoRoot, generated);
  try {
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    return await typeCheckProject({ tsconfig: temp.tsconfig, cwd: repoRoot, tsc });
  } finally {
    await temp.dispose();
  }
}

async function locate(
  repoRoot: string,
  errors: readonly TypeCheckError[],
  known: Map<string, ReturnType<typeof sourceMembers>>,
) {
  const located: LocatedError[] = [];
  for (const error of errors) {
    let members = known.get(error.file);
    if (!members && error.file) {
      const text = await readFile(path.join(repoRoot, error.file), 'utf8').catch(() => '');
      members = sourceMembers(error.file, text);
      known.set(error.file, members);
    }
    located.push({ ...error, member: members ? members.memberAt(error.line, error.column) : '(project)' });
  }
  return located;
}

/** Check the facade against a spec: the type check, the diff from the committed spec and the affected members. */
export async function checkCompat(repoRoot: string, options: CompatOptions): Promise<CompatReport> {
  const baselineArgument = options.baseline ?? (await committedSpec(repoRoot));
  const [spec, baseline] = await Promise.all([
    loadSpec(options.spec),
    loadSpec(path.resolve(repoRoot, baselineArgument)),
  ]);
  const same = baseline.sha256 === spec.sha256;
  const [errors, before, after] = await Promise.all([
    typeCheckAgainst(repoRoot, spec, options),
    apiModel(baseline),
    same ? undefined : apiModel(spec),
  ]);
  const changes = compareModels(before, after ?? before);
  const facade = await readFacadeFiles(repoRoot);
  const affected = affectedUses(facade, changesByName(changes, before));
  const located = await locate(repoRoot, errors, new Map(facade));
  return {
    spec: spec.source,
    baseline: baselineArgument,
    checked: [...checkedRoots],
    typeCheck: { clean: located.length === 0, errors: located },
    affected,
    diff: diffReport(before, after ?? before, changes).summary,
    result: located.length === 0 ? 'compatible' : 'broken',
  };
}

/** `determined-codegen compat --spec <spec>`: print the report; exit 1 when the facade breaks (unless --report-only). */
export async function runCompat(argv: readonly string[]): Promise<number> {
  const options = parseCompatArgs(argv);
  if (options === 'help') {
    console.log(compatUsage);
    return 0;
  }
  const repoRoot = findRepoRoot(process.cwd());
  if (!repoRoot) throw new CodegenError('compat runs inside the determined-ts repository');
  const report = await checkCompat(repoRoot, options);
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderCompat(report));
  return report.result === 'broken' && !options.reportOnly ? 1 : 0;
}
