import { collect } from '../../core/collect';
import { StreamError } from '../../core/errors';
import { resetDeprecationWarnings } from '../../lib/deprecation';
import {
  MalformedMetricsReportError,
  TrainingMetrics,
  TrialMetrics,
  ValidationMetrics,
} from '../../lib/metrics';
import { useHarness } from '../../testing/domain-fixtures';
import {
  iterTrialsMetrics,
  streamTrialsTrainingMetrics,
  streamTrialsValidationMetrics,
} from './metrics-streams';
import { Trial } from './trial';

const serve = useHarness();
const TRIAL_METRICS = '/api/v1/trials/metrics/trial_metrics';

function report(trialId: number, totalBatches: number, group: string, metrics: Record<string, unknown>) {
  return {
    id: trialId * 1000 + totalBatches,
    trialId,
    trialRunId: 1,
    totalBatches,
    endTime: '2023-07-13T18:30:01.123456Z',
    metrics,
    group,
    archived: false,
  };
}

const training = (trialId: number, batches: number, loss: number) =>
  report(trialId, batches, 'training', { avg_metrics: { loss }, batch_metrics: [{ loss }] });
const validation = (trialId: number, batches: number, error: number) =>
  report(trialId, batches, 'validation', { validation_metrics: { validation_error: error } });

describe('metric streams against a recording server', () => {
  it('iterTrialsMetrics sends repeated trialIds and the group, and yields one TrialMetrics per report across lines', async () => {
    const { server, session } = await serve([
      {
        method: 'GET',
        path: TRIAL_METRICS,
        reply: {
          ndjson: [
            { metrics: [training(1, 100, 0.5), training(1, 200, 0.4)] },
            { metrics: [training(2, 100, 0.9)] },
          ],
        },
      },
    ]);
    const metrics = await collect(iterTrialsMetrics(session, [1, 2], 'training'));
    expect(server.requests[0]?.query).toEqual({ trialIds: ['1', '2'], group: ['training'] });
    expect(metrics.map((m) => [m.trialId, m.stepsCompleted, m.metrics])).toEqual([
      [1, 100, { loss: 0.5 }],
      [1, 200, { loss: 0.4 }],
      [2, 100, { loss: 0.9 }],
    ]);
    expect(metrics[0]).toBeInstanceOf(TrialMetrics);
    expect(metrics[0]?.group).toBe('training');
    expect(metrics[0]?.batchMetrics).toEqual([{ loss: 0.5 }]);
    expect(metrics[0]?.endTime).toEqual(new Date('2023-07-13T18:30:01Z'));
  });

  it('iterTrialsMetrics reads validation_metrics for the validation group', async () => {
    const { session } = await serve([
      { method: 'GET', path: TRIAL_METRICS, reply: { ndjson: [{ metrics: [validation(3, 50, 0.1)] }] } },
    ]);
    const [metrics] = await collect(iterTrialsMetrics(session, [3], 'validation'));
    expect(metrics?.metrics).toEqual({ validation_error: 0.1 });
    expect(metrics?.group).toBe('validation');
  });

  it('iterTrialsMetrics makes no request until iteration starts', async () => {
    const { server, session } = await serve([{ method: 'GET', path: TRIAL_METRICS, reply: { ndjson: [] } }]);
    const stream = iterTrialsMetrics(session, [1], 'training');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.requests).toHaveLength(0);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(server.requests).toHaveLength(1);
  });

  it('a report lacking the payload of the group fails with MalformedMetricsReportError', async () => {
    const { session } = await serve([
      { method: 'GET', path: TRIAL_METRICS, reply: { ndjson: [{ metrics: [validation(3, 50, 0.1)] }] } },
    ]);
    await expect(collect(iterTrialsMetrics(session, [3], 'training'))).rejects.toThrow(
      MalformedMetricsReportError,
    );
  });

  it('an error line ends the stream with StreamError', async () => {
    const { session } = await serve([
      {
        method: 'GET',
        path: TRIAL_METRICS,
        reply: {
          ndjson: [
            { metrics: [training(1, 1, 1)] },
            { error: { grpcCode: 3, httpCode: 400, message: 'no trials' } },
          ],
        },
      },
    ]);
    const seen: TrialMetrics[] = [];
    await expect(
      (async () => {
        for await (const m of iterTrialsMetrics(session, [1], 'training')) seen.push(m);
      })(),
    ).rejects.toThrow(StreamError);
    expect(seen).toHaveLength(1);
  });

  it('the legacy streams call their endpoints with trialIds only and build TrainingMetrics / ValidationMetrics', async () => {
    const { server, session } = await serve([
      {
        method: 'GET',
        path: '/api/v1/trials/metrics/training_metrics',
        reply: { ndjson: [{ metrics: [training(1, 10, 0.3)] }] },
      },
      {
        method: 'GET',
        path: '/api/v1/trials/metrics/validation_metrics',
        reply: { ndjson: [{ metrics: [validation(1, 10, 0.2)] }] },
      },
    ]);
    const [train] = await collect(streamTrialsTrainingMetrics(session, [1, 4]));
    const [valid] = await collect(streamTrialsValidationMetrics(session, [1]));
    expect(train).toBeInstanceOf(TrainingMetrics);
    expect(train?.metrics).toEqual({ loss: 0.3 });
    expect(valid).toBeInstanceOf(ValidationMetrics);
    expect(valid?.metrics).toEqual({ validation_error: 0.2 });
    expect(server.requests.map((r) => r.query)).toEqual([{ trialIds: ['1', '4'] }, { trialIds: ['1'] }]);
  });

  it('Trial.iterMetrics streams the trial metrics of its own ID; the deprecated forms warn once', async () => {
    resetDeprecationWarnings();
    const { server, session, logged } = await serve([
      { method: 'GET', path: TRIAL_METRICS, reply: { ndjson: [{ metrics: [training(9, 5, 1)] }] } },
      { method: 'GET', path: '/api/v1/trials/metrics/training_metrics', reply: { ndjson: [] } },
      { method: 'GET', path: '/api/v1/trials/metrics/validation_metrics', reply: { ndjson: [] } },
    ]);
    const trial = new Trial(9, session);
    expect(await collect(trial.iterMetrics('training'))).toHaveLength(1);
    expect(await collect(trial.streamMetrics('training'))).toHaveLength(1);
    await collect(trial.streamTrainingMetrics());
    await collect(trial.streamValidationMetrics());
    await collect(trial.streamMetrics('training'));
    expect(server.requests.map((r) => [r.path, r.query])).toEqual([
      [TRIAL_METRICS, { trialIds: ['9'], group: ['training'] }],
      [TRIAL_METRICS, { trialIds: ['9'], group: ['training'] }],
      ['/api/v1/trials/metrics/training_metrics', { trialIds: ['9'] }],
      ['/api/v1/trials/metrics/validation_metrics', { trialIds: ['9'] }],
      [TRIAL_METRICS, { trialIds: ['9'], group: ['training'] }],
    ]);
    expect(logged.warn).toHaveLength(3);
  });
});
