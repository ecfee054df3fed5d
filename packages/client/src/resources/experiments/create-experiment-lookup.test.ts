import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertNoResponseViolations, type MockMaster, startMockMaster } from '@determined-ts/mock-master';
import { AmbiguousOutcomeError } from '../../core/errors';
import { createLogger } from '../../core/logger';
import { Determined } from '../../determined';
import { mockLoginToken } from '../../testing/mock-login';
import { configName } from './create-experiment-lookup';

const silent = createLogger({ env: { DET_TS_LOG: 'silent' } });
let mock: MockMaster;
let admin: Determined;
let scratch: string;
let serial = 0;

async function client(user: string): Promise<Determined> {
  const token = await mockLoginToken(mock.url, user);
  return new Determined({
    master: mock.url,
    token,
    user,
    logger: silent,
    retry: { backoffBaseMs: 1, jitter: 0 },
  });
}

beforeAll(async () => {
  mock = await startMockMaster({ validateResponses: 'record', strictQuery: true, seed: 5 });
  admin = await client('admin');
  scratch = await mkdtemp(path.join(tmpdir(), 'lost-create-'));
});

afterAll(async () => {
  await admin.close();
  await mock.stop();
  await rm(scratch, { recursive: true, force: true });
  assertNoResponseViolations(mock);
});

afterEach(() => mock.faults.clear());

function config(name: string | undefined, lr = 0.1): Record<string, unknown> {
  const base = { searcher: { name: 'single', metric: 'loss' }, hyperparameters: { lr } };
  return name === undefined ? base : { name, ...base };
}

function namesake(name: string): number[] {
  return [...mock.state.experiments.values()].filter((e) => e.name === name).map((e) => e.id);
}

async function lostCreate(cfg: Record<string, unknown>, modelDir?: string): Promise<number> {
  mock.faults.add({ operationId: 'CreateExperiment', reset: 'before-body', times: 1 });
  const experiment = await admin.createExperiment(cfg, modelDir === undefined ? {} : { modelDir });
  expect(mock.faults.list()).toStrictEqual([]);
  return experiment.id;
}

async function codeDir(content: string): Promise<string> {
  serial += 1;
  const dir = path.join(scratch, `code-${serial}`);
  await mkdir(dir);
  await writeFile(path.join(dir, 'train.py'), content);
  return dir;
}

describe('createExperiment after a lost answer picks out its own experiment', () => {
  it('an experiment with the same name but another config is no candidate', async () => {
    await admin.createExperiment(config('other-config', 0.5));
    const id = await lostCreate(config('other-config'));
    expect(namesake('other-config')).toStrictEqual([expect.any(Number), id]);
  });

  it('with no experiment of the config sent, one of its name leaves the outcome ambiguous, never "not created"', async () => {
    const earlier = await admin.createExperiment(config('renamed-config', 0.5));
    mock.faults.add({ operationId: 'CreateExperiment', status: 502, times: 1 });
    const error = await admin.createExperiment(config('renamed-config')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousOutcomeError);
    expect(error).toMatchObject({ candidateIds: [earlier.id] });
    expect((error as Error).message).toContain(
      `${earlier.id} matches only in part (same name, another config)`,
    );
    expect(namesake('renamed-config')).toStrictEqual([earlier.id]);
  });

  it("another user's identical experiment is no candidate", async () => {
    const other = await client('determined');
    await other.createExperiment(config('other-user'));
    await other.close();
    const id = await lostCreate(config('other-user'));
    expect(namesake('other-user')).toHaveLength(2);
    expect(mock.state.experiments.get(id)?.username).toBe('admin');
  });

  it('an identical experiment started before the clock tolerance is no candidate', async () => {
    const earlier = await admin.createExperiment(config('long-ago'));
    const record = mock.state.experiments.get(earlier.id);
    if (record === undefined) throw new Error('no record');
    record.startTime = new Date(Date.now() - 10 * 60_000).toISOString();
    const id = await lostCreate(config('long-ago'));
    expect(namesake('long-ago')).toStrictEqual([earlier.id, id]);
  });

  it('identical configs with other model code are told apart by the files sent (paths and sizes)', async () => {
    await admin.createExperiment(config('code'), { modelDir: await codeDir('print(1)\n') });
    const id = await lostCreate(config('code'), await codeDir('print(12)\n'));
    expect(namesake('code')).toHaveLength(2);
    expect(Math.max(...namesake('code'))).toBe(id);
  });

  it('a config without a name is found without the name filter', async () => {
    const before = mock.state.experiments.size;
    const id = await lostCreate(config(undefined, 0.987));
    expect(mock.state.experiments.size).toBe(before + 1);
    expect(mock.state.experiments.get(id)?.originalConfig).toContain('0.987');
  });
});

describe('configName', () => {
  it('reads the name of a config text, and nothing from a nameless or invalid one', async () => {
    await expect(configName('name: mnist\nsearcher: {}\n')).resolves.toBe('mnist');
    await expect(configName('searcher: {}\n')).resolves.toBeUndefined();
    await expect(configName('name: "  "\n')).resolves.toBeUndefined();
    await expect(configName('name: [unclosed\n')).resolves.toBeUndefined();
    await expect(configName('- a list\n')).resolves.toBeUndefined();
  });
});
