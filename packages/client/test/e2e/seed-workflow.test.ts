// The seed page's workflow, written exactly as the issue gives it, against a running mock master.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as client from '@determined-ts/client';
import { type MockMaster, startMockMaster } from '@determined-ts/mock-master';
import { resetClientForTests } from '../../src/client';

jest.setTimeout(120_000);

const config = `# an experiment the mock master finishes in milliseconds
name: seed-workflow
entrypoint: model_def:Trial
hyperparameters:
  learning_rate: 0.01
searcher:
  name: single
  metric: validation_loss
  smaller_is_better: true
  max_length:
    batches: 500
min_validation_period:
  batches: 100
min_checkpoint_period:
  batches: 100
checkpoint_storage:
  type: shared_fs
  host_path: /tmp
`;

async function sha256Tree(dir: string, base = dir): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(hashes, await sha256Tree(full, base));
    else
      hashes[path.relative(base, full)] = createHash('sha256')
        .update(await readFile(full))
        .digest('hex');
  }
  return hashes;
}

let mock: MockMaster;
let workdir: string;
const originalCwd = process.cwd();
const originalConfigPath = process.env.DET_DEBUG_CONFIG_PATH;

beforeAll(async () => {
  mock = await startMockMaster({ port: 0, speed: 2000, validateResponses: 'throw' });
  workdir = await mkdtemp(path.join(tmpdir(), 'seed-workflow-'));
  await writeFile(path.join(workdir, 'my_config.yaml'), config);
  await writeFile(path.join(workdir, 'model_def.py'), 'class Trial:\n    pass\n');
  await mkdir(path.join(workdir, 'data'));
  await writeFile(path.join(workdir, 'data', 'labels.txt'), 'cat\ndog\n');
  process.env.DET_DEBUG_CONFIG_PATH = path.join(workdir, '.det-config');
  process.chdir(workdir);
  resetClientForTests();
});

afterAll(async () => {
  process.chdir(originalCwd);
  if (originalConfigPath === undefined) delete process.env.DET_DEBUG_CONFIG_PATH;
  else process.env.DET_DEBUG_CONFIG_PATH = originalConfigPath;
  resetClientForTests();
  await mock.stop();
  await rm(workdir, { recursive: true, force: true });
});

describe('the seed workflow against the mock master', () => {
  it('logs in, creates an experiment from a YAML file and a model dir, waits, and downloads the best checkpoint', async () => {
    const master = mock.url;
    const user = 'determined';
    const password = '';

    await client.login({ master, user, password });
    const exp = await client.createExperiment('my_config.yaml', { modelDir: '.' });
    const state = await exp.wait();
    const best = await exp.topCheckpoint();
    await best.download({ path: './ckpt', mode: client.DownloadMode.AUTO });

    expect(state).toBe(client.ExperimentState.COMPLETED);
    expect(best.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(best.state).toBe(client.CheckpointState.COMPLETED);
    const downloaded = await sha256Tree(path.join(workdir, 'ckpt'));
    expect(Object.keys(downloaded)).toContain('metadata.json');

    // Through the master as well: the same files, byte for byte (metadata.json is rewritten locally).
    await best.download({ path: './ckpt-master', mode: client.DownloadMode.MASTER });
    const viaMaster = await sha256Tree(path.join(workdir, 'ckpt-master'));
    expect(viaMaster).toEqual(downloaded);

    // The uploaded model definition came back as the experiment's code.
    const code = await exp.downloadCode({ outputDir: path.join(workdir, 'code') });
    expect((await stat(code)).size).toBeGreaterThan(0);
  });

  it('reads experiments, trials, checkpoints, models and metric streams through the module functions', async () => {
    const [experiment] = await client.listExperiments();
    expect(experiment).toBeDefined();
    const id = experiment?.id as number;
    const exp = await client.getExperiment(id);
    expect(exp.name).toBe('seed-workflow');
    const [trial] = await exp.listTrials();
    const trialId = trial?.id as number;
    expect((await client.getTrial(trialId)).experimentId).toBe(id);
    const best = await exp.topCheckpoint();
    const uuid = best.uuid;
    expect((await client.getCheckpoint(uuid)).uuid).toBe(uuid);

    const name = 'seed-model';
    const description = 'registered by the seed workflow test';
    const metadata = { owner: 'ci' };
    const model = await client.createModel(name, { description, metadata });
    const nameOrId = model.modelId as number;
    expect((await client.getModel(nameOrId)).name).toBe(name);
    expect((await client.getModel(name)).metadata).toEqual(metadata);
    const models = await client.getModels({
      sortBy: client.ModelSortBy.NAME,
      orderBy: client.ModelOrderBy.ASC,
    });
    expect(models.map((m) => m.name)).toContain(name);
    const version = await model.registerVersion(uuid);
    expect(version.checkpoint.uuid).toBe(uuid);

    const validation: client.TrialMetrics[] = [];
    for await (const m of client.streamTrialsMetrics([trialId], 'validation')) validation.push(m);
    expect(validation.length).toBeGreaterThan(0);
    expect(validation[0]?.endTime).toBeInstanceOf(Date);
    expect(Object.keys(validation[0]?.metrics ?? {})).toContain('validation_loss');

    const training: unknown[] = [];
    for await (const m of client.streamTrialsTrainingMetrics([trialId])) training.push(m);
    const legacyValidation: unknown[] = [];
    for await (const m of client.streamTrialsValidationMetrics([trialId])) legacyValidation.push(m);
    expect(training.length).toBeGreaterThan(0);
    expect(legacyValidation).toHaveLength(validation.length);
  });

  it('serves several masters through explicit Determined objects', async () => {
    const det = new client.Determined({ master: mock.url, user: 'determined', password: '' });
    const experiments = await det.listExperiments();
    expect(experiments.length).toBeGreaterThan(0);
    expect(await det.getSessionUsername()).toBe('determined');
  });
});
