import { get as httpGet } from 'node:http';
import { Readable } from 'node:stream';
import { startTestServer, type TestServer } from '../testing/test-server';
import type { Handler } from './types';

let calls = 0;
const ARCHIVE = Buffer.alloc(4096, 7);
const report = (id: number) => ({
  trialId: 1,
  endTime: '2024-01-01T00:00:00Z',
  metrics: {},
  totalBatches: id,
  archived: false,
  id,
  trialRunId: 1,
  group: 'training',
});

const handlers: Record<string, Handler> = {
  GetExperimentLabels: () => {
    calls++;
    return { json: { labels: ['a', 'b', 'c', 'd'] } };
  },
  GetMetrics: () => ({
    ndjson: (async function* () {
      for (let i = 1; i <= 5; i++) yield { result: { metrics: [report(i)] } };
    })(),
  }),
  'get-checkpoint': () => ({
    headers: { 'content-type': 'application/x-tar', 'content-length': String(ARCHIVE.length) },
    stream: Readable.from([ARCHIVE.subarray(0, 2048), ARCHIVE.subarray(2048)]),
  }),
};

let server: TestServer;
let auth: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ handlers, seed: 3 });
  auth = { authorization: `Bearer ${await server.login()}` };
});
afterEach(() => {
  server.faults.clear();
  calls = 0;
});
afterAll(async () => {
  expect(server.responseViolations).toEqual([]);
  await server.close();
});

const labelsUrl = () => `${server.url}/api/v1/experiment/labels`;

describe('injected faults', () => {
  it('answers with the fault status a limited number of times without running the handler', async () => {
    server.faults.add({ operationId: 'GetExperimentLabels', status: 503, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(labelsUrl(), { headers: auth })).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(calls).toBe(1);
  });

  it("sends Retry-After with a 429 and the master's error body", async () => {
    server.faults.add({ method: 'GET', pathPattern: '/api/v1/experiment/*', status: 429, retryAfter: 3 });
    const res = await fetch(labelsUrl(), { headers: auth });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({
      error: { code: 8, reason: 'ResourceExhausted', error: 'injected fault: HTTP 429' },
    });
  });

  it('delays the response by latencyMs', async () => {
    server.faults.add({ operationId: 'GetExperimentLabels', latencyMs: 250 });
    const started = Date.now();
    expect((await fetch(labelsUrl(), { headers: auth })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('drops the connection before the body after running the handler', async () => {
    server.faults.add({ operationId: 'GetExperimentLabels', reset: 'before-body', times: 1 });
    await expect(fetch(labelsUrl(), { headers: auth })).rejects.toThrow('fetch failed');
    expect(calls).toBe(1);
    expect((await fetch(labelsUrl(), { headers: auth })).status).toBe(200);
  });

  it('drops the connection in the middle of the body', async () => {
    server.faults.add({ operationId: 'GetExperimentLabels', reset: 'during-body' });
    const res = await fetch(labelsUrl(), { headers: auth });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('truncates an NDJSON stream after the given bytes and ends it cleanly', async () => {
    server.faults.add({ operationId: 'GetMetrics', truncate: { afterBytes: 150 } });
    const res = await fetch(`${server.url}/api/v1/trials/metrics/trial_metrics?trialIds=1`, {
      headers: auth,
    });
    const text = await res.text();
    expect(text).toHaveLength(150);
    expect(text.split('\n').length).toBeLessThan(5);
  });

  it('truncates an archive and drops its Content-Length', async () => {
    server.faults.add({ operationId: 'get-checkpoint', truncate: { afterBytes: 3000 } });
    const res = await fetch(`${server.url}/checkpoints/abc`, { headers: auth });
    expect(res.headers.get('content-length')).toBeNull();
    expect(Buffer.from(await res.arrayBuffer())).toEqual(ARCHIVE.subarray(0, 3000));
  });

  it('truncates a JSON body so that it no longer parses', async () => {
    server.faults.add({ operationId: 'GetExperimentLabels', truncate: { afterBytes: 10 } });
    const res = await fetch(labelsUrl(), { headers: auth });
    const text = await res.text();
    expect(text).toBe('{"labels":');
  });

  it('trickles the body out at slowBodyBytesPerSec', async () => {
    server.faults.add({ operationId: 'GetExperimentLabels', slowBodyBytesPerSec: 100 });
    const started = Date.now();
    const res = await fetch(labelsUrl(), { headers: auth });
    expect(await res.json()).toEqual({ labels: ['a', 'b', 'c', 'd'] });
    // The 31-byte body at 100 B/s takes about 0.3 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('applies probabilistic faults in a pattern fixed by the seed', async () => {
    const run = async (seed: number) => {
      const other = await startTestServer({ handlers, seed });
      other.faults.add({ operationId: 'health', status: 502, probability: 0.5 });
      const pattern = [];
      for (let i = 0; i < 16; i++)
        pattern.push((await fetch(`${other.url}/health`)).status === 502 ? 'x' : '.');
      await other.close();
      return pattern.join('');
    };
    const first = await run(11);
    expect(await run(11)).toBe(first);
    expect(first).toMatch(/x/);
    expect(first).toMatch(/\./);
  });
});

describe('fault control over HTTP', () => {
  it('adds, lists and clears faults at /__mock/faults', async () => {
    const added = await fetch(`${server.url}/__mock/faults`, {
      method: 'POST',
      body: JSON.stringify({ operationId: 'health', status: 502, times: 1 }),
    });
    expect(added.status).toBe(200);
    const { id } = (await added.json()) as { id: string };
    const listed = (await (await fetch(`${server.url}/__mock/faults`)).json()) as {
      faults: Array<{ id: string }>;
    };
    expect(listed.faults.map((fault) => fault.id)).toEqual([id]);
    expect((await fetch(`${server.url}/health`)).status).toBe(502);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    await fetch(`${server.url}/__mock/faults`, { method: 'POST', body: JSON.stringify({ latencyMs: 1 }) });
    expect((await fetch(`${server.url}/__mock/faults`, { method: 'DELETE' })).status).toBe(200);
    expect(server.faults.list()).toEqual([]);
  });

  it('removes a single fault by id and answers 404 for unknown ids', async () => {
    const id = server.faults.add({ operationId: 'health', status: 500 });
    expect((await fetch(`${server.url}/__mock/faults/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(`${server.url}/__mock/faults/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('rejects an invalid fault with a 400 naming the field', async () => {
    const res = await fetch(`${server.url}/__mock/faults`, {
      method: 'POST',
      body: JSON.stringify({ status: 418 }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 3, reason: 'InvalidArgument', error: expect.stringContaining('field status') },
    });
  });

  it('is reachable with plain node:http', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      httpGet(`${server.url}/__mock/faults`, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on('error', reject);
    });
    expect(status).toBe(200);
  });
});
