import { startForTest } from '../testing/start-for-test';
import { testClient } from './cluster-test-client';

type Obj = Record<string, unknown>;

const CONFIG =
  'name: detached\nsearcher: {name: single, metric: loss, max_length: 1, smaller_is_better: true}\n';
const report = (trialId: number, steps: number, values: Obj) => ({
  trialId,
  trialRunId: 1,
  stepsCompleted: steps,
  metrics: { avgMetrics: values, batchMetrics: [] },
});

describe('unmanaged (detached) experiments reporting through the harness API', () => {
  const env = startForTest({ speed: 0, seed: 13 });
  const admin = testClient(env);
  beforeAll(() => admin.login());

  it('creates an experiment and trial by external id, records metrics, checkpoints and state, and finds them again', async () => {
    const exp = (
      await admin.json('PUT', '/api/v1/experiments/by-external-id/run-42', {
        config: CONFIG,
        unmanaged: true,
      })
    ).experiment as Obj;
    const again = (
      await admin.json('PUT', '/api/v1/experiments/by-external-id/run-42', {
        config: CONFIG,
        unmanaged: true,
      })
    ).experiment as Obj;
    expect(again.id).toBe(exp.id);
    const trial = (
      await admin.json('PUT', '/api/v1/trials', {
        createTrialRequest: { experimentId: exp.id, hparams: { lr: 0.01 }, unmanaged: true },
        externalTrialId: 'trial-a',
      })
    ).trial as Obj;
    const id = trial.id as number;
    const byExternal = (await admin.json('GET', '/api/v1/trials/by-external-id/run-42/trial-a')).trial as Obj;
    expect(byExternal.id).toBe(id);
    expect(await admin.json('POST', `/api/v1/trials/${id}/start`, { trialId: id })).toEqual({
      trialRunId: 1,
      latestCheckpoint: null,
      stepsCompleted: 0,
    });
    await admin.json('POST', `/api/v1/trials/${id}/training_metrics`, report(id, 10, { loss: 0.9 }));
    await admin.json('POST', `/api/v1/trials/${id}/validation_metrics`, report(id, 10, { loss: 0.7 }));
    await admin.json('POST', `/api/v1/trials/${id}/validation_metrics`, report(id, 20, { loss: 0.8 }));
    await admin.json('POST', `/api/v1/trials/${id}/metrics`, {
      metrics: report(id, 20, { tokens: 3 }),
      group: 'inference',
    });
    await admin.json('POST', `/api/v1/trials/${id}/progress`, { trialId: id, progress: 0.5 });
    await admin.json('POST', '/api/v1/checkpoints', {
      uuid: '55555555-5555-4555-8555-555555555555',
      resources: { 'model.pt': '10' },
      metadata: { steps_completed: 20 },
      state: 'STATE_COMPLETED',
      training: { trialId: id, experimentId: exp.id },
    });
    const history = (await admin.json('GET', `/api/v1/experiments/${exp.id as number}/validation-history`))
      .validationHistory as Obj[];
    expect(history.map((h) => h.searcherMetric)).toEqual([0.7]);
    expect(
      await admin.json(
        'GET',
        `/api/v1/experiments/${exp.id as number}/searcher/best_searcher_validation_metric`,
      ),
    ).toEqual({ metric: 0.7 });
    const workloads = (
      await admin.json('GET', `/api/v1/trials/${id}/workloads?filter=FILTER_OPTION_CHECKPOINT`)
    ).workloads as Obj[];
    expect(workloads).toEqual([
      {
        training: null,
        validation: null,
        checkpoint: expect.objectContaining({
          uuid: '55555555-5555-4555-8555-555555555555',
          totalBatches: 20,
        }),
      },
    ]);
    const patched = (
      await admin.json('PATCH', `/api/v1/trials/${id}`, { trialId: id, state: 'STATE_COMPLETED' })
    ).trial as Obj;
    expect(patched.state).toBe('STATE_COMPLETED');
    const done = (await admin.json('GET', `/api/v1/experiments/${exp.id as number}`)).experiment as Obj;
    expect(done).toMatchObject({ state: 'STATE_COMPLETED', progress: 0.5 });
    // The stream of metric names ends once the experiment is terminal (one answer here).
    const names = (
      await admin.lines(`/api/v1/experiments/metrics-stream/metric-names?ids=${exp.id as number}`)
    )[0] as Obj;
    expect(names.metricNames).toEqual([
      { group: 'inference', name: 'tokens' },
      { group: 'training', name: 'loss' },
      { group: 'validation', name: 'loss' },
    ]);
    expect((await admin.call('POST', `/api/v1/trials/${id}/start`, { trialId: id })).status).toBe(400);
  });

  it('stores profiler batches and serves their series and values', async () => {
    const exp = (await admin.json('POST', '/api/v1/experiments', { config: CONFIG, unmanaged: true }))
      .experiment as Obj;
    const id = (
      (await admin.json('POST', '/api/v1/trials', { experimentId: exp.id, unmanaged: true })).trial as Obj
    ).id as number;
    const labels = {
      trialId: id,
      name: 'gpu_util',
      agentId: 'mock-agent',
      metricType: 'PROFILER_METRIC_TYPE_SYSTEM',
    };
    await admin.json('POST', '/api/v1/trials/profiler/metrics', {
      batches: [
        {
          values: [0.5, 0.6],
          batches: [1, 2],
          timestamps: ['2024-01-01T00:00:00Z', '2024-01-01T00:00:01Z'],
          labels,
        },
      ],
    });
    const series = (await admin.lines(`/api/v1/trials/${id}/profiler/available_series`))[0] as Obj;
    expect(series.labels).toEqual([{ ...labels, gpuUuid: '' }]);
    const batches = (await admin.lines(
      `/api/v1/trials/${id}/profiler/metrics?labels.name=gpu_util`,
    )) as Obj[];
    expect(batches.map((b) => (b.batch as Obj).values)).toEqual([[0.5, 0.6]]);
    const mismatched = await admin.call('POST', '/api/v1/trials/profiler/metrics', {
      batches: [{ values: [1], batches: [1, 2], timestamps: [], labels }],
    });
    expect(mismatched.status).toBe(400);
  });
});
