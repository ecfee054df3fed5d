import { startForTest } from '../testing/start-for-test';
import { testClient } from './cluster-test-client';

type Obj = Record<string, unknown>;

const CONFIG = JSON.stringify({
  name: 'streams',
  hyperparameters: { lr: { type: 'double', minval: 0.1, maxval: 0.5 } },
  searcher: { name: 'random', metric: 'validation_loss', max_trials: 2, max_length: { batches: 200 } },
  scheduling_unit: 100,
  min_validation_period: { batches: 100 },
});

/** Reads an NDJSON answer line by line as it arrives. */
async function openStream(url: string, token: string) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  return {
    /** The next line's `result`, or null when the stream ended. */
    async next(): Promise<Obj | null> {
      for (;;) {
        const newline = buffered.indexOf('\n');
        if (newline >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          if (line.trim() !== '') return (JSON.parse(line) as { result: Obj }).result;
          continue;
        }
        const { done, value } = await reader.read();
        if (done) return null;
        buffered += decoder.decode(value, { stream: true });
      }
    },
  };
}

describe('experiment metric streams: an answer at once, then what is new every period, until the experiment ends', () => {
  const env = startForTest({ speed: 0, seed: 9 });
  const admin = testClient(env);
  let token = '';
  beforeAll(async () => {
    await admin.login();
    token = await env.login('admin');
  });

  const create = async () =>
    ((await admin.json('POST', '/api/v1/experiments', { config: CONFIG, activate: true })).experiment as Obj)
      .id as number;

  it('streams metric batches and names incrementally on the virtual clock (proto query names accepted)', async () => {
    const id = await create();
    const batches = await openStream(
      `${env.url}/api/v1/experiments/${id}/metrics-stream/batches?metric_name=loss&metric_type=METRIC_TYPE_TRAINING&period_seconds=1`,
      token,
    );
    const names = await openStream(
      `${env.url}/api/v1/experiments/metrics-stream/metric-names?ids=${id}&periodSeconds=1`,
      token,
    );
    expect(await batches.next()).toEqual({ batches: [] });
    expect(await names.next()).toMatchObject({
      searcherMetrics: ['validation_loss'],
      trainingMetrics: [],
      validationMetrics: [],
    });
    env.mock.state.advance(3000 + 100 * 10);
    expect(await batches.next()).toEqual({ batches: [100] });
    expect(((await names.next()) as Obj).trainingMetrics).toEqual(['accuracy', 'loss']);
    env.mock.state.advance(60_000);
    const rest: unknown[] = [];
    for (let line = await batches.next(); line !== null; line = await batches.next()) rest.push(line);
    expect(rest).toEqual([{ batches: [200] }]);
    const later: Obj[] = [];
    for (let line = await names.next(); line !== null; line = await names.next()) later.push(line);
    expect(later.flatMap((l) => l.trainingMetrics as string[])).toEqual([]);
  });

  it('samples trials: each promoted once with its hyperparameters, then only new points', async () => {
    const id = await create();
    const sample = await openStream(
      `${env.url}/api/v1/experiments/${id}/metrics-stream/trials-sample?metricName=validation_loss&metricType=METRIC_TYPE_VALIDATION&periodSeconds=1`,
      token,
    );
    expect(await sample.next()).toEqual({ trials: [], promotedTrials: [], demotedTrials: [] });
    env.mock.state.advance(3000 + 100 * 10);
    const first = (await sample.next()) as { trials: Obj[]; promotedTrials: number[] };
    expect(first.promotedTrials).toHaveLength(2);
    expect(
      first.trials.map((t) => [(t.data as Obj[]).map((d) => d.batches), Object.keys(t.hparams as Obj)]),
    ).toEqual([
      [[100], ['lr']],
      [[100], ['lr']],
    ]);
    env.mock.state.advance(60_000);
    const second = (await sample.next()) as { trials: Obj[]; promotedTrials: number[] };
    expect(second.promotedTrials).toEqual([]);
    expect(second.trials.map((t) => [(t.data as Obj[]).map((d) => d.batches), t.hparams])).toEqual([
      [[200], {}],
      [[200], {}],
    ]);
    expect(await sample.next()).toBeNull();
  });

  it('snapshots the trials at a batch once each', async () => {
    const id = await create();
    env.mock.state.advance(60_000);
    const snapshot = await openStream(
      `${env.url}/api/v1/experiments/${id}/metrics-stream/trials-snapshot?metricName=loss&metricType=METRIC_TYPE_TRAINING&batchesProcessed=100`,
      token,
    );
    const only = (await snapshot.next()) as { trials: Obj[] };
    expect(only.trials.map((t) => t.batchesProcessed)).toEqual([100, 100]);
    expect(await snapshot.next()).toBeNull();
  });

  it('gives a trial of an experiment created paused, and compares trials by metric ids group.name', async () => {
    const created = await admin.json('POST', '/api/v1/experiments', { config: CONFIG, activate: false });
    const id = (created.experiment as Obj).id as number;
    const trials = (await admin.json('GET', `/api/v1/experiments/${id}/trials`)).trials as Obj[];
    expect(trials.map((t) => t.state)).toEqual(['STATE_PAUSED', 'STATE_PAUSED']);
    const trialId = trials[0]?.id as number;
    await admin.json('POST', `/api/v1/trials/${trialId}/metrics`, {
      metrics: { trialId, trialRunId: 0, stepsCompleted: 10, metrics: { avgMetrics: { lossx: 3.3 } } },
      group: 'abc',
    });
    const compared = await admin.json(
      'GET',
      `/api/v1/trials/time-series?trialIds=${trialId}&metricIds=abc.lossx&metricIds=training.none`,
    );
    const [trial] = compared.trials as Array<{ metrics: Obj[] }>;
    expect(trial?.metrics).toEqual([
      {
        group: 'abc',
        type: 'METRIC_TYPE_UNSPECIFIED',
        data: [expect.objectContaining({ batches: 10, values: { lossx: 3.3 } })],
      },
    ]);
  });
});
