import { loadScenario } from '../seed';
import { testState } from '../state/test-helpers';
import { callHandler, callNdjson } from './test-request';

type MetricsLine = { result: { metrics: Array<{ trialId: number; totalBatches: number; group: string }> } };
type LogLine = { result: { id: string; level: string; log: string; message: string } };

const training = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ batches: (i + 1) * 10, metrics: { loss: 1 / (i + 1) } }));

describe('streaming handlers', () => {
  let env: ReturnType<typeof testState>;
  beforeEach(async () => {
    env = testState();
    await loadScenario(env.state, {
      experiments: [
        {
          trials: [
            {
              id: 2,
              training: training(1500),
              validation: [{ batches: 100, metrics: { validation_loss: 0.2 } }],
            },
            { id: 1, training: training(1200), groups: { inference: [{ batches: 5, metrics: { x: 1 } }] } },
            { id: 3, logs: ['one', { log: 'two', level: 'LOG_LEVEL_ERROR' }, 'three'] },
          ],
        },
      ],
    });
  });
  afterEach(() => env.cleanup());

  it('streams metrics in chunks of at most 1000, trial ids ascending then total batches', async () => {
    const lines = (await callNdjson(env.state, 'GetMetrics', {
      query: { trialIds: [2, 1], group: 'training' },
    })) as MetricsLine[];
    expect(lines.map((l) => l.result.metrics.length)).toEqual([1000, 1000, 700]);
    const flat = lines.flatMap((l) => l.result.metrics);
    expect(flat.slice(1199, 1201).map((r) => [r.trialId, r.totalBatches])).toEqual([
      [1, 12000],
      [2, 10],
    ]);
    const custom = (await callNdjson(env.state, 'GetMetrics', {
      query: { trialIds: [1], group: 'inference' },
    })) as MetricsLine[];
    expect(custom[0]?.result.metrics.map((r) => r.group)).toEqual(['inference']);
  });

  it('serves the legacy training and validation streams and rejects an empty trial list', async () => {
    const val = (await callNdjson(env.state, 'GetValidationMetrics', {
      query: { trialIds: [2] },
    })) as MetricsLine[];
    expect(val.flatMap((l) => l.result.metrics).map((r) => r.group)).toEqual(['validation']);
    await expect(
      callNdjson(env.state, 'GetTrainingMetrics', { query: { trialIds: [] } }),
    ).rejects.toMatchObject({ grpcCode: 3 });
    await expect(
      callNdjson(env.state, 'GetTrainingMetrics', { query: { trialIds: [99] } }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('generates a 1,000,000-row synthetic metric stream lazily', async () => {
    env.state.createSyntheticMetrics(1, 1_000_000);
    const res = await callHandler(env.state, 'GetMetrics', { query: { trialIds: [1], group: 'training' } });
    if (!('ndjson' in res)) throw new Error('expected a stream');
    const before = process.memoryUsage().heapUsed;
    let rows = 0;
    let last = 0;
    let peak = 0;
    for await (const line of res.ndjson) {
      const metrics = (line as MetricsLine).result.metrics;
      rows += metrics.length;
      last = metrics[metrics.length - 1]?.totalBatches ?? last;
      if (rows % 100_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    expect(rows).toBe(1200 + 1_000_000);
    expect(last).toBe(12000 + 1_000_000 * 100);
    expect(peak).toBeLessThan(200 * 1024 * 1024);
  });

  it('filters trial logs by level and text, and returns the tail in descending order with a limit', async () => {
    const all = (await callNdjson(env.state, 'TrialLogs', { pathParams: { trialId: 3 } })) as LogLine[];
    expect(all.map((l) => l.result.log)).toEqual(['one\n', 'two\n', 'three\n']);
    expect(all[1]?.result.message).toMatch(/^\[.+Z\] [0-9a-f]{8} \|\| \[rank=0\] ERROR: two\n$/);
    const errors = (await callNdjson(env.state, 'TrialLogs', {
      pathParams: { trialId: 3 },
      query: { levels: ['LOG_LEVEL_ERROR', 'LOG_LEVEL_CRITICAL'] },
    })) as LogLine[];
    expect(errors.map((l) => l.result.log)).toEqual(['two\n']);
    const tail = (await callNdjson(env.state, 'TrialLogs', {
      pathParams: { trialId: 3 },
      query: { orderBy: 'ORDER_BY_DESC', limit: 2 },
    })) as LogLine[];
    expect(tail.map((l) => l.result.log)).toEqual(['three\n', 'two\n']);
    const search = (await callNdjson(env.state, 'TrialLogs', {
      pathParams: { trialId: 3 },
      query: { searchText: 'th.ee', enableRegex: true },
    })) as LogLine[];
    expect(search).toHaveLength(1);
  });

  it('follows the logs of a running trial until it completes', async () => {
    const created = (await import('../state/create-experiment')).createExperiment(
      env.state,
      { config: 'searcher: {name: single, metric: loss, max_length: {batches: 300}}' },
      { id: 1, username: 'determined', admin: false, active: true, remote: false, displayName: '' },
    );
    env.state.advance(3100);
    const trialId = created.experiment.trialIds[0] ?? 0;
    const res = await callHandler(env.state, 'TrialLogs', {
      pathParams: { trialId },
      query: { follow: true },
    });
    if (!('ndjson' in res)) throw new Error('expected a stream');
    const timer = setInterval(() => env.state.clock.advance(500), 5);
    const lines: string[] = [];
    for await (const line of res.ndjson) lines.push((line as LogLine).result.log);
    clearInterval(timer);
    expect(lines[0]).toContain('Scheduling Trial');
    expect(lines.at(-1)).toContain('was terminated');
    expect(lines.filter((l) => l.startsWith('report_training_metrics'))).toHaveLength(3);
  });
});
