import { execFile } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '@test-support/vendored';

const typesDir = path.join(__dirname, '..', 'test', 'types');
const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

let diagnostics = '';

beforeAll(async () => {
  diagnostics = await new Promise<string>((resolve) => {
    const args = [tsc, '--noEmit', '--pretty', 'false', '-p', path.join(typesDir, 'tsconfig.json')];
    execFile(process.execPath, args, { cwd: typesDir }, (_error, stdout) => resolve(stdout));
  });
}, 120_000);

function errorsIn(file: string): string {
  return diagnostics
    .split('\n')
    .filter((line) => line.startsWith(`${file}(`))
    .join('\n');
}

describe('type-checking code written against the public API (strict tsconfig)', () => {
  it('accepts the seed page snippet exactly as the README shows it', () => {
    expect(errorsIn('seed-snippet.ts')).toBe('');
  });

  it('rejects a string that is not a ModelSortBy value', () => {
    expect(errorsIn('bad-enum-value.ts')).toMatch(/error TS2322: Type '"SORT_BY_SIZE"' is not assignable/);
  });

  it('rejects a download mode that is not a DownloadMode value', () => {
    expect(errorsIn('bad-download-mode.ts')).toMatch(/error TS2322: Type '"fast"' is not assignable/);
  });

  it('rejects a call that leaves out a required argument', () => {
    expect(errorsIn('bad-missing-argument.ts')).toMatch(/error TS2554: Expected 1-2 arguments, but got 0/);
  });

  it('rejects labels on the module-level createModel', () => {
    expect(errorsIn('bad-module-create-model-labels.ts')).toMatch(/error TS2353: .*'labels' does not exist/);
  });

  it('rejects a misspelled login option', () => {
    expect(errorsIn('bad-login-option.ts')).toMatch(/error TS2561: .*'pasword' does not exist/);
  });

  it('accepts signal and the per-request timeoutMs everywhere, and deadlineMs on the polling loops', () => {
    expect(errorsIn('options-vocabulary.ts')).toBe('');
  });

  it('gives tools the spec types (components, operations, paths) and isTerminalExperimentState', () => {
    expect(errorsIn('spec-types.ts')).toBe('');
  });

  it('rejects a deadlineMs that is not a number', () => {
    expect(errorsIn('bad-deadline-type.ts')).toMatch(/error TS2322: Type 'string' is not assignable/);
  });

  it('lets det.api take an optional signal as it is (signal: undefined) and stream a non-JSON operation', () => {
    expect(errorsIn('api-optional-signal.ts')).toBe('');
  });

  it('rejects a det.api per-call option of the wrong type (they are typed, not unknown extras)', () => {
    expect(errorsIn('bad-api-call-option.ts')).toMatch(
      /error TS2322: Type 'string' is not assignable to type 'number'/,
    );
  });

  it("types an Experiment's listing attributes and rejects assigning one (they are read-only)", () => {
    const errors = errorsIn('bad-experiment-listing-assignment.ts').split('\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /\(17,7\): error TS2540: Cannot assign to 'username' because it is a read-only property/,
    );
  });

  it('reports errors only in the files meant to fail', () => {
    const located = diagnostics.split('\n').filter((line) => /^\S+\(\d+,\d+\)/.test(line));
    const files = new Set(located.map((line) => line.split('(')[0]));
    expect([...files].sort()).toEqual([
      'bad-api-call-option.ts',
      'bad-deadline-type.ts',
      'bad-download-mode.ts',
      'bad-enum-value.ts',
      'bad-experiment-listing-assignment.ts',
      'bad-login-option.ts',
      'bad-missing-argument.ts',
      'bad-module-create-model-labels.ts',
    ]);
  });
});
