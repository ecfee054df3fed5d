import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertNoResponseViolations, type MockMaster, startMockMaster } from '@determined-ts/mock-master';
import type { Session } from '../core/session';
import { CheckpointState, DownloadMode, ExperimentState, TrialState } from '../lib/enums';
import { Checkpoint } from '../resources/checkpoints/checkpoint';
import { Experiment } from '../resources/experiments/experiment';
import { Model } from '../resources/models/model';
import { createTestSession } from '../testing/test-session';

const CONFIG = `
name: f2-e2e
hyperparameters: {lr: 0.1, global_batch_size: 32}
searcher: {name: single, metric: validation_loss, smaller_is_better: true, max_length: {batches: 300}}
min_validation_period: {batches: 100}
min_checkpoint_period: {batches: 100}
`;

let mock: MockMaster;
let session: Session;
let workDir: string;

async function loginToken(): Promise<string> {
  const response = await fetch(`${mock.url}/api/v1/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ username: 'determined', password: '', isHashed: true }),
  });
  return ((await response.json()) as { token: string }).token;
}

async function createExperiment(): Promise<Experiment> {
  const created = await session.call('CreateExperiment', { body: { config: CONFIG, activate: true } });
  return Experiment.fromApi(created.experiment, session);
}

beforeAll(async () => {
  mock = await startMockMaster({ validateResponses: 'record', speed: 200, strictQuery: true });
  session = createTestSession({ master: mock.url, username: 'determined', token: await loginToken() });
});

afterAll(async () => {
  await mock.stop();
  assertNoResponseViolations(mock);
});

beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'f2-e2e-'));
});

afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('domain classes against the mock master', () => {
  it('runs the seed workflow: wait, first trial, top checkpoint, download through the master and directly', async () => {
    const experiment = await createExperiment();
    const first = await experiment.awaitFirstTrial({ intervalMs: 20 });
    await expect(experiment.wait({ intervalMs: 50, deadlineMs: 20_000 })).resolves.toBe(
      ExperimentState.COMPLETED,
    );
    const trials = await experiment.listTrials();
    expect(trials.map((t) => t.id)).toEqual([first.id]);
    expect(trials[0]?.state).toBe(TrialState.COMPLETED);

    const best = await experiment.topCheckpoint();
    expect(best.state).toBe(CheckpointState.COMPLETED);
    expect(best.training?.trialId).toBe(first.id);
    const resources = Object.keys(best.resources ?? {}).filter((name) => !name.endsWith('/'));
    expect(resources.length).toBeGreaterThan(0);

    const viaMaster = await best.download({ path: path.join(workDir, 'master'), mode: DownloadMode.MASTER });
    const direct = await best.download({ path: path.join(workDir, 'direct'), mode: DownloadMode.DIRECT });
    for (const name of resources) {
      expect(await readFile(path.join(viaMaster, name))).toEqual(await readFile(path.join(direct, name)));
    }
    expect((await readdir(workDir)).sort()).toEqual(['direct', 'master']);
  });

  it('reads trial metrics and logs, and lists checkpoints in the requested order', async () => {
    const experiment = await createExperiment();
    await experiment.wait({ intervalMs: 50, deadlineMs: 20_000 });
    const [trial] = await experiment.listTrials();
    if (trial === undefined) throw new Error('the experiment has no trial');
    const training = [];
    for await (const m of trial.iterMetrics('training')) training.push(m);
    expect(training.length).toBeGreaterThan(0);
    expect(training.map((m) => m.stepsCompleted)).toEqual(
      [...training.map((m) => m.stepsCompleted)].sort((a, b) => a - b),
    );
    const validation = [];
    for await (const m of trial.iterMetrics('validation')) validation.push(m);
    expect(Object.keys(validation[0]?.metrics ?? {})).toContain('validation_loss');

    const lines = [];
    for await (const line of trial.iterLogs({ tail: 2 })) lines.push(line);
    expect(lines.length).toBeLessThanOrEqual(2);

    const latest = await trial.selectCheckpoint({ latest: true });
    const all = await trial.listCheckpoints({ sortBy: 'SORT_BY_BATCH_NUMBER', orderBy: 'ORDER_BY_DESC' });
    expect(latest.uuid).toBe(all[0]?.uuid);
  });

  it('registers a checkpoint as a model version and edits the model and the version', async () => {
    const experiment = await createExperiment();
    await experiment.wait({ intervalMs: 50, deadlineMs: 20_000 });
    const best = await experiment.topCheckpoint();
    const created = await session.call('PostModel', {
      body: { name: `f2 model ${experiment.id}`, metadata: { a: 1 } },
    });
    const model = Model.fromApi(created.model, session);
    expect(await model.getVersion()).toBeNull();
    const version = await model.registerVersion(best.uuid);
    expect(version.checkpoint?.uuid).toBe(best.uuid);
    await version.setName('first');
    await model.addMetadata({ b: 2 });
    await model.setLabels(['x']);
    await model.reload();
    expect(model.metadata).toEqual({ a: 1, b: 2 });
    expect(model.labels).toEqual(['x']);
    const latest = await model.getVersion();
    expect(latest?.name).toBe('first');
    expect((await model.listVersions()).map((v) => v.modelVersion)).toEqual([version.modelVersion]);

    const checkpoint = new Checkpoint(session, best.uuid);
    await checkpoint.reload();
    await checkpoint.addMetadata({ tag: 'registered' });
    await checkpoint.reload();
    expect(checkpoint.metadata?.tag).toBe('registered');
  });
});
