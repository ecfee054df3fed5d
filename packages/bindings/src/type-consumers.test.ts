import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { operationTable } from '@determined-ts/bindings';
import { repoRoot } from '@test-support/vendored';

const consumers = path.join(__dirname, '..', 'test', 'type-consumers');
const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

let diagnostics = '';
let scratch = '';

/** A consumer that names `paths[path][method]` for every operation of the table. */
function allOperationsConsumer(): string {
  const lines = Object.values(operationTable).map(
    (op, i) => `export type Op${i} = paths[${JSON.stringify(op.path)}][${JSON.stringify(op.method)}];`,
  );
  return `import type { paths } from '@determined-ts/bindings';\n${lines.join('\n')}\n`;
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'bindings-consumers-'));
  await writeFile(path.join(scratch, 'all-operations.ts'), allOperationsConsumer());
  const files = (await readdir(consumers)).filter((name) => name.endsWith('.ts'));
  const tsconfig = {
    extends: path.join(repoRoot, 'tsconfig.base.json'),
    compilerOptions: {
      noEmit: true,
      types: ['node'],
      typeRoots: [path.join(repoRoot, 'node_modules', '@types')],
      baseUrl: consumers,
      paths: { '@determined-ts/bindings': [path.join(__dirname, 'index.ts')] },
    },
    files: [...files.map((name) => path.join(consumers, name)), path.join(scratch, 'all-operations.ts')],
  };
  await writeFile(path.join(scratch, 'tsconfig.json'), JSON.stringify(tsconfig));
  diagnostics = await new Promise<string>((resolve) => {
    const args = [tsc, '--noEmit', '--pretty', 'false', '-p', path.join(scratch, 'tsconfig.json')];
    execFile(process.execPath, args, { cwd: consumers }, (_error, stdout) => resolve(stdout));
  });
}, 120_000);

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function errorsIn(file: string): string[] {
  return diagnostics.split('\n').filter((line) => line.startsWith(`${file}(`));
}

describe('type-checking code that consumes the generated paths', () => {
  it('accepts GET /api/v1/experiments/{experimentId} with params.path.experimentId', () => {
    expect(errorsIn('good-get-experiment.ts')).toEqual([]);
  });

  it('rejects a misspelled path', () => {
    expect(errorsIn('bad-misspelled-path.ts').join('\n')).toMatch(
      /error TS\d+: .*\/api\/v1\/experiment\/\{experimentId\}/,
    );
  });

  it('rejects a call that leaves out a required path parameter', () => {
    expect(errorsIn('bad-missing-path-param.ts').join('\n')).toMatch(/error TS\d+: .*experimentId/);
  });

  it('rejects a path parameter of the wrong type', () => {
    expect(errorsIn('bad-wrong-param-type.ts').join('\n')).toMatch(
      /error TS2322: Type 'string' is not assignable to type 'number'/,
    );
  });

  it('finds every operation of the table in the paths type', () => {
    expect(diagnostics).not.toContain('all-operations.ts');
    expect(Object.keys(operationTable)).toHaveLength(263);
  });

  it('reports errors only in the files meant to fail', () => {
    const located = diagnostics.split('\n').filter((line) => /^\S+\(\d+,\d+\)/.test(line));
    const files = new Set(located.map((line) => line.split('(')[0]));
    expect([...files].sort()).toEqual([
      'bad-missing-path-param.ts',
      'bad-misspelled-path.ts',
      'bad-wrong-param-type.ts',
    ]);
  });
});
