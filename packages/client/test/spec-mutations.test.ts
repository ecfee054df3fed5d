// The typed-path guarantee: every facade call is typed by the generated bindings, so a master spec
// that renames or removes what the facade uses fails the client's type check, naming the facade file.
// Bindings are regenerated from mutated copies of the vendored 0.38.1 spec into a temporary copy by
// `npm run check:compat` (scripts/check-compat.mjs); the committed bindings are left alone.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, spec0381 } from '@test-support/vendored';

// Two regenerations and two type checks of the client (run side by side) on a shared 2-core machine.
jest.setTimeout(300_000);

interface CompatError {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly message: string;
  readonly member: string;
}

interface CompatReport {
  readonly typeCheck: { readonly clean: boolean; readonly errors: readonly CompatError[] };
  readonly affected: readonly { readonly file: string; readonly member: string; readonly uses: string }[];
  readonly result: 'compatible' | 'broken';
}

interface SwaggerParameter {
  name: string;
  in: string;
}

interface Swagger {
  paths: Record<string, Record<string, { parameters?: SwaggerParameter[] }>>;
  definitions: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
}

function renameProperty(spec: Swagger, definition: string, from: string, to: string): void {
  const schema = spec.definitions[definition];
  const properties = schema?.properties;
  if (!schema || !properties || !(from in properties))
    throw new Error(`${definition}.${from} is not in the spec`);
  properties[to] = properties[from];
  delete properties[from];
  schema.required = schema.required?.map((name) => (name === from ? to : name));
}

/** The four mutations of the typed-path issue, applied to one copy of the spec. */
function mutate(spec: Swagger): void {
  // (a) a request body field the facade sends
  renameProperty(spec, 'v1CreateExperimentRequest', 'modelDefinition', 'modelDefinitionFiles');
  // (b) a query parameter the facade sends
  const sortBy = spec.paths['/api/v1/models']?.get?.parameters?.find(
    (p) => p.name === 'sortBy' && p.in === 'query',
  );
  if (!sortBy) throw new Error('GET /api/v1/models has no sortBy query parameter');
  sortBy.name = 'sortKey';
  // (c) an operation the facade calls
  const experimentPath = spec.paths['/api/v1/experiments/{experimentId}'];
  if (!experimentPath?.get) throw new Error('GET /api/v1/experiments/{experimentId} is not in the spec');
  delete experimentPath.get;
  // (d) a response field the facade reads (Experiment.fromApi reads v1Experiment.archived)
  renameProperty(spec, 'v1Experiment', 'archived', 'isArchived');
}

function checkCompat(spec: string): Promise<CompatReport> {
  const script = path.join(repoRoot, 'scripts', 'check-compat.mjs');
  const args = [script, '--spec', spec, '--json', '--report-only'];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`check:compat failed (${error.code}): ${stderr}`));
        else resolve(JSON.parse(stdout) as CompatReport);
      },
    );
  });
}

/** A client source file (not a test) whose text contains `token`. */
function isFacadeFileUsing(file: string, token: string): boolean {
  if (!/^packages\/client\/src\/.*\.ts$/.test(file) || /\.test\.ts$/.test(file)) return false;
  return readFileSync(path.join(repoRoot, file), 'utf8').includes(token);
}

/** The type errors whose message matches `pattern`, in facade files that use `token`. */
function errorsFor(report: CompatReport, pattern: RegExp, token: string): CompatError[] {
  return report.typeCheck.errors.filter(
    (error) => pattern.test(error.message) && isFacadeFileUsing(error.file, token),
  );
}

let scratch = '';
let control: CompatReport;
let mutated: CompatReport;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'spec-mutations-'));
  const spec = JSON.parse(await readFile(spec0381, 'utf8')) as Swagger;
  mutate(spec);
  const mutatedFile = path.join(scratch, 'mutated.swagger.json');
  await writeFile(mutatedFile, JSON.stringify(spec, null, 2));
  [control, mutated] = await Promise.all([checkCompat(spec0381), checkCompat(mutatedFile)]);
});

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('the client type-checked against bindings regenerated from a mutated 0.38.1 spec', () => {
  it('is clean against the unmutated spec (control)', () => {
    expect(control.typeCheck.errors).toEqual([]);
    expect(control.result).toBe('compatible');
  });

  it('fails where the facade sends the renamed v1CreateExperimentRequest.modelDefinition', () => {
    const errors = errorsFor(mutated, /'modelDefinition'/, "'CreateExperiment'");
    expect(errors.map((error) => error.file)).toContain(
      'packages/client/src/resources/experiments/create-experiment.ts',
    );
  });

  it('fails where the facade sends the renamed sortBy query parameter of GET /api/v1/models', () => {
    const errors = errorsFor(mutated, /'sortBy'/, "'GetModels'");
    expect(errors.map((error) => error.file)).toContain('packages/client/src/resources/models/registry.ts');
  });

  it('fails at every facade file that calls the removed GET /api/v1/experiments/{experimentId}', () => {
    const errors = errorsFor(mutated, /GetExperiment/, "'GetExperiment'");
    const users = mutated.affected.filter((use) => use.uses === 'GetExperiment').map((use) => use.file);
    expect(users.length).toBeGreaterThan(0);
    expect([...new Set(errors.map((error) => error.file))].sort()).toEqual([...new Set(users)].sort());
  });

  it('fails where the facade reads the renamed v1Experiment.archived', () => {
    const errors = errorsFor(mutated, /'archived'/, 'archived');
    expect(errors.map((error) => error.file)).toContain(
      'packages/client/src/resources/experiments/experiment-attributes.ts',
    );
    expect(mutated.result).toBe('broken');
  });
});
