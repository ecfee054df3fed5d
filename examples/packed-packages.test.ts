// The published packages as a user gets them: packed with `npm pack`, installed from the tarballs
// into a fresh project outside the repository, used through `import` and `require`, and their
// declarations type-checked strictly. Packs the current dist (turbo builds it before the tests).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  exec,
  installProject,
  packLibraries,
  tsc,
  writeConsumerTsconfigs,
} from '../test/packages/packed-project';

interface SmokeReport {
  format: string;
  resolved: string[];
  state: string;
  experimentState: string;
  files: string[];
  notFound: string;
  operations: number;
  schemaParses: boolean;
}

describe('the packed packages installed from their tarballs', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'determined-ts-consumer-'));
    const tarballs = await packLibraries(dir);
    await installProject(dir, tarballs);
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function smoke(file: string): Promise<SmokeReport> {
    const { stdout } = await exec(process.execPath, [file], dir);
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as SmokeReport;
  }

  it('run a workflow against the mock master through import (ESM builds)', async () => {
    const report = await smoke('smoke.mjs');

    expect(report).toMatchObject({
      format: 'esm',
      resolved: ['index.js', 'index.js', 'index.js'],
      state: 'STATE_COMPLETED',
      experimentState: 'STATE_COMPLETED',
      notFound: 'NotFoundError',
      schemaParses: true,
    });
    expect(report.files).toContain('metadata.json');
    expect(report.operations).toBeGreaterThan(200);
  }, 60_000);

  it('run the same workflow through require (CommonJS builds) with the same result', async () => {
    const [esm, cjs] = await Promise.all([smoke('smoke.mjs'), smoke('smoke.cjs')]);

    expect(cjs.resolved).toEqual(['index.cjs', 'index.cjs', 'index.cjs']);
    expect({ ...cjs, format: 'esm', resolved: esm.resolved }).toEqual(esm);
  }, 60_000);

  it('type-check a strict consumer with skipLibCheck false under nodenext (.mts, .cts) and bundler', async () => {
    const { nodenext, bundler } = await writeConsumerTsconfigs(dir);

    // Two programs (the declarations are large): run side by side.
    const outputs = await Promise.all(
      [nodenext, bundler].map((config) => exec(process.execPath, [tsc, '-p', config], dir)),
    );

    expect(outputs.map(({ stdout }) => stdout)).toEqual(['', '']);
  }, 240_000);
});
