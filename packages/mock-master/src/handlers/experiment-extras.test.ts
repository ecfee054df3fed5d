import { startForTest } from '../testing/start-for-test';
import { testClient } from './cluster-test-client';

type Obj = Record<string, unknown>;

describe('experiment search, HP-search preview, model files and continuing experiments', () => {
  const env = startForTest({
    speed: 0,
    seed: 16,
    scenario: {
      experiments: [
        {
          id: 1,
          name: 'alpha',
          modelDefinition: { 'train.py': 'print("a")\n' },
          trials: [{ id: 10, validation: [{ batches: 10, metrics: { validation_loss: 0.9 } }] }],
        },
        {
          id: 2,
          name: 'beta',
          trials: [{ id: 20, validation: [{ batches: 10, metrics: { validation_loss: 0.3 } }] }],
        },
      ],
    },
  });
  const admin = testClient(env);
  beforeAll(() => admin.login());

  it("searches experiments with sorting and paging, with each one's best trial", async () => {
    const page = await admin.json('POST', '/api/v1/experiments-search', { sort: 'name=desc', limit: 1 });
    const hits = page.experiments as Array<{ experiment: Obj; bestTrial: Obj | null }>;
    expect(hits.map((h) => h.experiment.name)).toEqual(['beta']);
    expect(hits[0]?.bestTrial).toMatchObject({ id: 20 });
    expect(page.pagination).toMatchObject({ total: 2, limit: 1 });
  });

  it('previews an HP search and serves one file of the model definition as text', async () => {
    const preview = await admin.json('POST', '/api/v1/preview-hp-search', {
      config: {
        searcher: { name: 'grid', metric: 'loss', max_length: { batches: 50 } },
        hyperparameters: { lr: { type: 'categorical', vals: [0.1, 0.2, 0.3] } },
      },
    });
    expect((preview.summary as Obj).trials).toEqual([
      { count: 3, unit: { name: 'batches', value: 50, maxLength: true } },
    ]);
    const bad = await admin.call('POST', '/api/v1/preview-hp-search', {
      config: { searcher: { name: 'random', metric: 'loss' } },
    });
    expect(bad.status).toBe(400);
    const res = await fetch(`${env.url}/experiments/1/file/download?path=train.py`, {
      headers: { authorization: `Bearer ${await env.login('admin')}` },
    });
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('print("a")\n');
  });

  it('continues a finished experiment with an override, runs it again, and refuses one that is still active', async () => {
    const answer = await admin.json('POST', '/api/v1/experiments/continue', {
      id: 2,
      overrideConfig: 'max_restarts: 4\n',
    });
    const exp = answer.experiment as Obj;
    expect(exp).toMatchObject({ id: 2, state: 'STATE_QUEUED' });
    expect((exp.config as Obj).max_restarts).toBe(4);
    const again = await admin.call('POST', '/api/v1/experiments/continue', { id: 2 });
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.body)).toContain('experiment in non terminal state');
    env.mock.state.advance(120_000);
    expect(((await admin.json('GET', '/api/v1/experiments/2')).experiment as Obj).state).toBe(
      'STATE_COMPLETED',
    );
    expect(
      ((await admin.json('GET', '/api/v1/experiments?limit=10')).experiments as Obj[]).map((e) => e.id),
    ).not.toContain(3);
  });
});
