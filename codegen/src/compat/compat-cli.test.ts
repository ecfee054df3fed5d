import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, spec0381 } from '@test-support/vendored';
import { runCli } from '../testing/run-cli';

// Regenerates twice and type-checks the bindings twice (side by side) on a shared 2-core machine.
jest.setTimeout(300_000);

let fixtureRoot = '';

/** A miniature repository: the real bindings entry points, a one-file facade, the vendored spec. */
async function makeRepository(dir: string): Promise<void> {
  const bindingsSrc = path.join(dir, 'packages', 'bindings', 'src');
  await mkdir(bindingsSrc, { recursive: true });
  await writeFile(path.join(dir, 'packages', 'bindings', 'package.json'), '{}\n');
  for (const name of ['index.ts', 'operations.ts', 'schemas.ts', 'master-version.ts']) {
    await copyFile(path.join(repoRoot, 'packages', 'bindings', 'src', name), path.join(bindingsSrc, name));
  }
  await mkdir(path.join(dir, 'packages', 'client', 'src'), { recursive: true });
  await copyFile(
    path.join(__dirname, 'fixtures', 'facade.ts'),
    path.join(dir, 'packages', 'client', 'src', 'facade.ts'),
  );
  await mkdir(path.join(dir, 'examples'));
  await mkdir(path.join(dir, 'openapi'));
  await copyFile(spec0381, path.join(dir, 'openapi', 'determined-0.38.1.swagger.json'));
  await copyFile(
    path.join(repoRoot, 'openapi', 'spec.lock.json'),
    path.join(dir, 'openapi', 'spec.lock.json'),
  );
  await copyFile(path.join(repoRoot, 'tsconfig.base.json'), path.join(dir, 'tsconfig.base.json'));
  await symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

interface Report {
  typeCheck: { clean: boolean; errors: { file: string; member: string; code: string; message: string }[] };
  affected: { file: string; member: string; uses: string; changes: { kind: string; breaking: boolean }[] }[];
  result: string;
}

let control: { code: number; report: Report };
let mutated: { code: number; report: Report; markdown: string };

beforeAll(async () => {
  fixtureRoot = await mkdtemp(path.join(tmpdir(), 'determined-compat-repo-'));
  await makeRepository(fixtureRoot);
  const spec = JSON.parse(await readFile(spec0381, 'utf8'));
  delete spec.paths['/api/v1/experiments/{experimentId}'].get;
  for (const parameter of spec.paths['/api/v1/models'].get.parameters) {
    if (parameter.name === 'sortBy') parameter.name = 'sortKey';
  }
  const mutatedFile = path.join(fixtureRoot, 'mutated.json');
  await writeFile(mutatedFile, JSON.stringify(spec));
  const compat = (args: string[]) => runCli(['compat', ...args], fixtureRoot);
  const [clean, broken, brokenMarkdown] = await Promise.all([
    compat(['--spec', 'openapi/determined-0.38.1.swagger.json', '--json']),
    compat(['--spec', mutatedFile, '--json']),
    compat(['--spec', mutatedFile, '--report-only']),
  ]);
  control = { code: clean.code, report: JSON.parse(clean.stdout) };
  mutated = { code: broken.code, report: JSON.parse(broken.stdout), markdown: brokenMarkdown.stdout };
  expect(brokenMarkdown.code).toBe(0);
});

afterAll(async () => {
  if (fixtureRoot) await rm(fixtureRoot, { recursive: true, force: true });
});

describe('determined-codegen compat', () => {
  it('finds the facade compatible with the spec of the committed bindings', () => {
    expect(control.report.typeCheck).toEqual({ clean: true, errors: [] });
    expect(control.report.affected).toEqual([]);
    expect(control.code).toBe(0);
  });

  it('fails the type check where the facade uses a removed operation or a renamed parameter, naming file and member', () => {
    expect(mutated.code).toBe(1);
    expect(mutated.report.result).toBe('broken');
    const where = mutated.report.typeCheck.errors.map(
      (error) => `${error.file} ${error.member} ${error.code}`,
    );
    expect(where).toContain('packages/client/src/facade.ts experimentName TS2344');
    expect(where).toContain('packages/client/src/facade.ts modelsByName TS2353');
  });

  it('lists the facade members whose operations changed or vanished', () => {
    const uses = mutated.report.affected.map((use) => `${use.file} ${use.member} ${use.uses}`);
    expect(uses).toEqual([
      'packages/client/src/facade.ts experimentName GetExperiment',
      'packages/client/src/facade.ts modelsByName GetModels',
    ]);
    const kinds = mutated.report.affected.flatMap((use) => use.changes.map((change) => change.kind));
    expect(kinds).toEqual(
      expect.arrayContaining(['operation-removed', 'parameter-removed', 'parameter-added']),
    );
  });

  it('prints a markdown report ending in the result', () => {
    expect(mutated.markdown).toContain('## Facade methods whose endpoint or fields changed or vanished');
    expect(mutated.markdown).toContain('- `packages/client/src/facade.ts`');
    expect(mutated.markdown).toContain('`experimentName` (line ');
    expect(mutated.markdown).toContain('Result: BROKEN');
  });
});
