import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixturesDir } from '@test-support/vendored';
import { renderCheckpoint, renderExperiment, renderModel, renderTrial } from '../state/render';
import { testState } from '../state/test-helpers';
import { startForTest } from '../testing/start-for-test';
import { loadFixtures } from './fixtures';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(fixturesDir, name), 'utf8')) as Record<string, unknown>;
}

describe('loadFixtures', () => {
  let env: ReturnType<typeof testState>;
  beforeEach(() => {
    env = testState();
  });
  afterEach(() => env.cleanup());

  it('renders seeded checkpoints, trials and models exactly as recorded', async () => {
    await loadFixtures(env.state, fixturesDir);
    const ck = fixture('checkpoint.json').checkpoint as { uuid: string };
    expect(renderCheckpoint(env.state.checkpoint(ck.uuid))).toEqual(ck);
    const trial = fixture('trial.json').trial as { id: number };
    expect(renderTrial(env.state, env.state.trial(trial.id))).toEqual(trial);
    const model = fixture('model.json').model as { id: number };
    expect(renderModel(env.state, env.state.models.get(model.id) ?? fail('model missing'))).toEqual(model);
  });

  it('lets experiment.json win over the same id in experiments.json', async () => {
    await loadFixtures(env.state, fixturesDir);
    const exp = fixture('experiment.json').experiment as { id: number; name: string; config: unknown };
    const rendered = renderExperiment(env.state, env.state.experiment(exp.id));
    expect(rendered.name).toBe(exp.name);
    expect(rendered.config).toEqual(exp.config);
    expect(env.state.experiments.size).toBe((fixture('experiments.json').experiments as unknown[]).length);
  });

  it('materializes checkpoint files of the recorded sizes and loads the NDJSON trial logs', async () => {
    await loadFixtures(env.state, fixturesDir);
    const ck = fixture('checkpoint.json').checkpoint as { uuid: string; resources: Record<string, string> };
    expect(env.state.storage.resources(ck.uuid)).toEqual(ck.resources);
    const logs = fs.readFileSync(path.join(fixturesDir, 'trial_logs.json'), 'utf8').trim().split('\n');
    const first = (JSON.parse(logs[0] ?? '{}') as { result: { trialId: number } }).result;
    expect(env.state.logs.of(first.trialId)).toHaveLength(logs.length);
  });

  it('ignores missing files', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-fixtures-'));
    await loadFixtures(env.state, empty);
    expect(env.state.experiments.size).toBe(0);
    fs.rmSync(empty, { recursive: true });
  });
});

describe('a mock master seeded from fixtures', () => {
  const env = startForTest({ fixturesDir, seed: 1 });

  it('answers spec-valid bodies for every seeded entity', async () => {
    const token = await env.login('admin');
    const get = async (p: string) => {
      const res = await fetch(`${env.url}${p}`, { headers: { authorization: `Bearer ${token}` } });
      expect([p, res.status]).toEqual([p, 200]);
      return res.text();
    };
    const exps = fixture('experiments.json').experiments as Array<{ id: number }>;
    await get('/api/v1/experiments?limit=0');
    for (const e of exps) await get(`/api/v1/experiments/${e.id}`);
    const trials = fixture('experiment_trials.json').trials as Array<{ id: number }>;
    for (const t of trials) await get(`/api/v1/trials/${t.id}`);
    const cks = fixture('checkpoints.json').checkpoints as Array<{ uuid: string }>;
    for (const c of cks) await get(`/api/v1/checkpoints/${c.uuid}`);
    await get('/api/v1/models/test_model/versions');
    await get('/api/v1/models');
    await get('/api/v1/workspaces');
    await get('/api/v1/projects/1090');
    await get('/api/v1/resource-pools');
    const logLine = JSON.parse(
      fs.readFileSync(path.join(fixturesDir, 'trial_logs.json'), 'utf8').split('\n')[0] ?? '{}',
    ) as { result: { trialId: number } };
    await fetch(`${env.url}/api/v1/trials/${logLine.result.trialId}/logs`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((r) => r.text());
  });
});
