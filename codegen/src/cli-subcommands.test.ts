import { appendFile, copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, spec0370, spec0381 } from '@test-support/vendored';
import { runCli } from './testing/run-cli';

// Each case spawns the generator on full specs; generous limits for a loaded 2-core machine.
jest.setTimeout(180_000);

const history = path.join(repoRoot, 'openapi');

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'determined-codegen-sub-'));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('determined-codegen --history', () => {
  it('records for each operation the first vendored master version that has it', async () => {
    const result = await runCli(['--spec', spec0381, '--history', history, '--out', scratch]);
    expect(result.stderr).toBe('');
    const text = await readFile(path.join(scratch, 'operation-versions.ts'), 'utf8');
    expect(text).toContain('export const specMasterVersion = "0.38.1";');
    expect(text).toContain('export const knownMasterVersions: readonly string[] = ["0.37.0","0.38.1"];');
    expect(text).toContain('  "GetAccessTokens": "0.38.1",');
    expect(text).toContain('  "GetExperiment": "0.37.0",');
    const lock = JSON.parse(await readFile(path.join(scratch, 'spec.lock.json'), 'utf8'));
    expect(lock.spec.masterVersion).toBe('0.38.1');
    expect(lock.history.map((entry: { version: string }) => entry.version)).toEqual(['0.37.0', '0.38.1']);
  });

  it('ignores vendored versions newer than the spec being generated', async () => {
    expect((await runCli(['--spec', spec0370, '--history', history, '--out', scratch])).code).toBe(0);
    const text = await readFile(path.join(scratch, 'operation-versions.ts'), 'utf8');
    expect(text).toContain('export const knownMasterVersions: readonly string[] = ["0.37.0"];');
    expect(text).not.toContain('"0.38.1"');
  });

  it('asks for --spec-version when neither the file name nor the history tells the version', async () => {
    const renamed = path.join(scratch, 'mutated.json');
    await copyFile(spec0381, renamed);
    await appendFile(renamed, '\n');
    const out = path.join(scratch, 'out');
    const unknown = await runCli(['--spec', renamed, '--history', history, '--out', out]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('cannot tell which master version');
    expect(unknown.stderr).toContain('--spec-version');
    const given = await runCli([
      '--spec',
      renamed,
      '--history',
      history,
      '--spec-version',
      '0.38.1',
      '--out',
      out,
    ]);
    expect(given.code).toBe(0);
    expect(await readFile(path.join(out, 'operation-versions.ts'), 'utf8')).toContain(
      '"GetAccessTokens": "0.38.1"',
    );
  });

  it('takes the version of a history spec with the same bytes under another name', async () => {
    const renamed = path.join(scratch, 'from-master.json');
    await copyFile(spec0370, renamed);
    expect((await runCli(['--spec', renamed, '--history', history, '--out', scratch])).code).toBe(0);
    const text = await readFile(path.join(scratch, 'operation-versions.ts'), 'utf8');
    expect(text).toContain('export const specMasterVersion = "0.37.0";');
  });
});

describe('determined-codegen diff', () => {
  it('prints JSON with every change classified and exits 1 on breaking changes when asked', async () => {
    const result = await runCli(['diff', spec0370, spec0381, '--json', '--fail-on-breaking']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/determined-codegen diff: \d+ breaking change\(s\)/);
    const report = JSON.parse(result.stdout);
    expect(report.summary).toMatchObject({ operationsAdded: 3, operationsRemoved: 4 });
    expect(report.changes).toContainEqual(
      expect.objectContaining({ kind: 'operation-removed', name: 'GetSearcherEvents', breaking: true }),
    );
  });

  it('exits 0 with --fail-on-breaking when nothing changed', async () => {
    const result = await runCli(['diff', spec0381, spec0381, '--fail-on-breaking']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('| breaking changes | 0 |');
  });

  it('refuses anything but two specs', async () => {
    const result = await runCli(['diff', spec0381]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('diff needs exactly two specs');
    expect(result.stderr).toContain('Usage: determined-codegen diff');
  });
});
