import { Readable } from 'node:stream';
import { MockHttpError } from '../errors';
import { startTestServer, type TestServer } from '../testing/test-server';
import type { Handler } from './types';

const report = (id: number) => ({
  trialId: 1,
  endTime: '2024-01-01T00:00:00Z',
  metrics: { loss: 1 / id },
  totalBatches: id * 100,
  archived: false,
  id,
  trialRunId: 1,
  group: 'training',
});

const handlers: Record<string, Handler> = {
  // Invalid on purpose: labels must be strings.
  GetExperimentLabels: () => ({ json: { labels: [1, 2] } }),
  GetMetrics: (req) => ({
    ndjson: (async function* () {
      const ids = (req.query.trialIds as number[] | undefined) ?? [];
      if (ids.length === 0) throw new MockHttpError(400, 3, 'trialIds must not be empty');
      yield { result: { metrics: [report(1), report(2)] } };
      yield { result: { metrics: [report(3)] } };
      if (ids.includes(13)) throw new MockHttpError(404, 5, 'trial 13 vanished');
    })(),
  }),
  GetTrainingMetrics: () => ({
    ndjson: (async function* () {
      yield { result: { metrics: [report(1)] } };
      yield { result: { metrics: [{ trialId: 'x' }] } };
      yield { result: { metrics: [report(2)] } };
    })(),
  }),
  'get-checkpoint': (req) => ({
    headers: { 'content-type': 'application/x-tar', 'x-accept-seen': String(req.headers.accept) },
    stream: Readable.from([Buffer.from('hello '), Buffer.from('archive')]),
  }),
};

async function lines(res: Response): Promise<unknown[]> {
  const text = await res.text();
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}

describe.each(['record', 'throw'] as const)('response self-check in %s mode', (mode) => {
  let server: TestServer;
  let auth: Record<string, string>;
  beforeAll(async () => {
    server = await startTestServer({ handlers, validateResponses: mode });
    auth = { authorization: `Bearer ${await server.login()}` };
  });
  afterAll(() => server.close());

  it('records a JSON body that violates the response schema', async () => {
    const res = await fetch(`${server.url}/api/v1/experiment/labels`, { headers: auth });
    expect(res.status).toBe(mode === 'record' ? 200 : 500);
    if (mode === 'throw') {
      expect(((await res.json()) as { error: { error: string } }).error.error).toContain('labels[0]');
    }
    expect(server.responseViolations).toEqual([
      expect.objectContaining({
        operationId: 'GetExperimentLabels',
        schema: 'v1GetExperimentLabelsResponse',
        issues: [expect.stringMatching(/^labels\[0\]: /), expect.stringMatching(/^labels\[1\]: /)],
      }),
    ]);
  });

  it('checks each NDJSON result line against the operation schema', async () => {
    const res = await fetch(`${server.url}/api/v1/trials/metrics/training_metrics?trialIds=1`, {
      headers: auth,
    });
    const items = await lines(res);
    if (mode === 'record') {
      expect(items).toHaveLength(3);
    } else {
      expect(items).toHaveLength(2);
      expect(items[1]).toEqual({ error: expect.objectContaining({ grpcCode: 13, httpCode: 500 }) });
    }
    expect(server.responseViolations.at(-1)).toMatchObject({ schema: 'v1GetTrainingMetricsResponse' });
  });
});

describe('streaming and binary responses', () => {
  let server: TestServer;
  let auth: Record<string, string>;
  beforeAll(async () => {
    server = await startTestServer({ handlers });
    auth = { authorization: `Bearer ${await server.login()}` };
  });
  afterAll(() => {
    expect(server.responseViolations).toEqual([]);
    return server.close();
  });

  it('streams NDJSON lines with chunked encoding', async () => {
    const res = await fetch(`${server.url}/api/v1/trials/metrics/trial_metrics?trialIds=1&group=training`, {
      headers: auth,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('content-length')).toBeNull();
    const items = (await lines(res)) as Array<{ result: { metrics: unknown[] } }>;
    expect(items.map((item) => item.result.metrics.length)).toEqual([2, 1]);
  });

  it('answers a failure before the first stream item with its status and an error body', async () => {
    const res = await fetch(`${server.url}/api/v1/trials/metrics/trial_metrics`, { headers: auth });
    expect(res.status).toBe(400);
    expect(await lines(res)).toEqual([
      {
        error: {
          grpcCode: 3,
          httpCode: 400,
          message: 'trialIds must not be empty',
          httpStatus: 'Bad Request',
          details: [],
        },
      },
    ]);
  });

  it('reports a failure after the first item as an error line after a 200', async () => {
    const res = await fetch(`${server.url}/api/v1/trials/metrics/trial_metrics?trialIds=13`, {
      headers: auth,
    });
    expect(res.status).toBe(200);
    const items = await lines(res);
    expect(items).toHaveLength(3);
    expect(items[2]).toEqual({ error: expect.objectContaining({ grpcCode: 5, httpCode: 404 }) });
  });

  it('sends a handler stream as a binary body with its headers and sees the Accept header', async () => {
    const res = await fetch(`${server.url}/checkpoints/abc`, {
      headers: { ...auth, accept: 'application/x-tar' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-tar');
    expect(res.headers.get('x-accept-seen')).toBe('application/x-tar');
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('hello archive');
  });

  it('lists recorded violations at /__mock/violations', async () => {
    const res = await fetch(`${server.url}/__mock/violations`);
    expect(await res.json()).toEqual({ violations: [] });
  });
});
