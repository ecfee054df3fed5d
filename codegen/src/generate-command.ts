import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import codegenPackage from '../package.json';
import { parseArgs, usage } from './args';
import { findDrift } from './check';
import { CodegenError } from './errors';
import { generate } from './generate';
import { loadSpec } from './load-spec';
import { findRepoRoot } from './repo-root';
import { readHistory } from './versions/history';
import { resolveSpecVersion } from './versions/spec-version';

function outputPaths(
  out: string | undefined,
  lock: string | undefined,
): { outDir: string; lockFile: string } {
  if (out) {
    const outDir = path.resolve(out);
    return { outDir, lockFile: path.resolve(lock ?? path.join(outDir, 'spec.lock.json')) };
  }
  const root = findRepoRoot(process.cwd());
  if (!root) throw new CodegenError('not inside the determined-ts repository: pass --out <dir>');
  return {
    outDir: path.join(root, 'packages', 'bindings', 'src', 'generated'),
    lockFile: path.resolve(lock ?? path.join(root, 'openapi', 'spec.lock.json')),
  };
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}

/** `determined-codegen --spec ...`: generate the bindings, or check them with `--check`. */
export async function runGenerate(argv: readonly string[]): Promise<number> {
  const options = parseArgs(argv);
  if (options.help) {
    console.log(usage);
    return 0;
  }
  const { outDir, lockFile } = outputPaths(options.out, options.lock);
  const spec = await loadSpec(options.spec);
  const history = options.history ? await readHistory(options.history) : [];
  const specVersion = await resolveSpecVersion({
    specArgument: options.spec,
    spec,
    explicit: options.specVersion,
    history,
  });
  const generated = await generate(spec, { generatorVersion: codegenPackage.version, specVersion, history });
  const expected = new Map<string, string>();
  for (const [name, text] of generated.files) expected.set(path.join(outDir, name), text);
  if (options.check) {
    const all = await findDrift(new Map([...expected, [lockFile, generated.lock]]), outDir);
    if (all.length === 0) {
      console.log(`bindings are up to date with ${spec.source} (sha256 ${spec.sha256.slice(0, 12)})`);
      return 0;
    }
    console.error(`bindings differ from what ${spec.source} generates:`);
    for (const item of all)
      console.error(`  ${item.kind}: ${path.relative(process.cwd(), item.file)}\n    ${item.detail}`);
    console.error(
      'Regenerate with: npm run codegen (determined-codegen --spec <the same spec> --history openapi)',
    );
    return 1;
  }
  for (const [file, text] of expected) await writeAtomically(file, text);
  await writeAtomically(lockFile, generated.lock);
  for (const drift of await findDrift(expected, outDir)) {
    if (drift.kind === 'extra' && drift.file !== lockFile)
      console.warn(`note: ${drift.file} is not generated`);
  }
  console.log(
    `generated ${expected.size} files in ${path.relative(process.cwd(), outDir) || '.'} from ${spec.source}`,
  );
  return 0;
}
