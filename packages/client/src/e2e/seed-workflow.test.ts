import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertNoResponseViolations, type MockMaster, startMockMaster } from '@determined-ts/mock-master';
import { resetClientForTests } from '../client';
import * as client from '../index';

const CONFIG = `# the seed page's workflow
name: seed-workflow
searcher:
  name: single
  metric: validation_loss
  max_length:
    batches: 200
min_validation_period:
  batches: 100
min_checkpoint_period:
  batches: 100
hyperparameters:
  global_batch_size: 32
`;

let mock: MockMaster;
let dir: string;
const savedCwd = process.cwd();
const savedEnv = { ...process.env };

beforeAll(async () => {
  // Virtual seconds run 10,000 times faster, so the experiment is done before the first poll.
  mock = await startMockMaster({ speed: 10_000, validateResponses: 'record', strictQuery: true });
});

afterAll(async () => {
  await mock.stop();
  assertNoResponseViolations(mock);
});

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'det-e2e-seed-'));
  await mkdir(path.join(dir, 'config'));
  await writeFile(path.join(dir, 'my_config.yaml'), CONFIG);
  await writeFile(path.join(dir, 'train.py'), 'print("training")\n');
  process.env = { ...savedEnv, DET_DEBUG_CONFIG_PATH: path.join(dir, 'config'), DET_TS_LOG: 'silent' };
  process.chdir(dir);
});

afterEach(async () => {
  process.chdir(savedCwd);
  process.env = { ...savedEnv };
  await resetClientForTests();
  await rm(dir, { recursive: true, force: true });
});

describe('the Python SDK page workflow, through the module-level client', () => {
  it('logs in, creates an experiment, waits for it, downloads the best checkpoint and reads it back', async () => {
    const master = mock.url;
    const user = 'determined';
    const password = '';
    await client.login({ master, user, password });
    const exp = await client.createExperiment('my_config.yaml', { modelDir: '.' });
    const state = await exp.wait();
    expect(state).toBe(client.ExperimentState.COMPLETED);
    const best = await exp.topCheckpoint();
    const downloaded = await best.download({ path: './ckpt', mode: client.DownloadMode.AUTO });
    expect(path.resolve(downloaded)).toBe(path.join(process.cwd(), 'ckpt'));
    expect(await readdir(path.join(dir, 'ckpt'))).toContain('metadata.json');

    expect((await client.getExperiment(exp.id)).state).toBe(client.ExperimentState.COMPLETED);
    const [trial] = await exp.listTrials();
    const trialId = trial?.id ?? -1;
    expect((await client.getTrial(trialId)).state).toBe(client.TrialState.COMPLETED);
    expect((await client.getCheckpoint(best.uuid)).uuid).toBe(best.uuid);

    const model = await client.createModel('seed-model', {
      description: 'from the seed page',
      metadata: { a: 1 },
    });
    expect((await client.getModel('seed-model')).modelId).toBe(model.modelId);
    expect((await client.getModel(model.modelId ?? -1)).name).toBe('seed-model');
    const models = await client.getModels({
      sortBy: client.ModelSortBy.NAME,
      orderBy: client.ModelOrderBy.ASC,
    });
    expect(models.map((m) => m.name)).toContain('seed-model');

    const validation = [];
    for await (const m of client.streamTrialsMetrics([trialId], 'validation')) validation.push(m);
    expect(validation.length).toBeGreaterThan(0);
    expect(validation.every((m) => m.trialId === trialId && m.group === 'validation')).toBe(true);
    const training = [];
    for await (const m of client.streamTrialsTrainingMetrics([trialId])) training.push(m);
    expect(training.length).toBeGreaterThan(0);
    const legacyValidation = [];
    for await (const m of client.streamTrialsValidationMetrics([trialId])) legacyValidation.push(m);
    expect(legacyValidation).toHaveLength(validation.length);

    const det = new client.Determined({ master, user, password });
    try {
      expect((await det.getExperiment(exp.id)).id).toBe(exp.id);
    } finally {
      await det.close();
    }
  });
});
