import { collect } from '../../core/collect';
import { AbortError, InvalidArgumentError } from '../../core/errors';
import { trialsFixture, useHarness } from '../../testing/domain-fixtures';
import { startRawServer } from '../../testing/raw-server';
import { createTestSession } from '../../testing/test-session';
import { DEFAULT_FOLLOW_INTERVAL_MS, followIntervalMs } from './follow-metrics';
import { iterTrialsMetrics } from './metrics-streams';

const serve = useHarness();
const TRIAL_METRICS = '/api/v1/trials/metrics/trial_metrics';

function trialBody(id: number, state: string) {
  const [recorded] = trialsFixture();
  return { trial: { ...recorded, id, state } };
}

const trial = (id: number, state: string) => ({ json: trialBody(id, state) });

function report(trialId: number, totalBatches: number) {
  return {
    id: trialId * 1000 + totalBatches,
    trialId,
    trialRunId: 1,
    totalBatches,
    endTime: '2023-07-13T18:30:01.123456Z',
    metrics: { avg_metrics: { loss: 1 / totalBatches } },
    group: 'training',
    archived: false,
  };
}

describe('the follow options', () => {
  it('follow without intervalMs reads every second', () => {
    expect(DEFAULT_FOLLOW_INTERVAL_MS).toBe(1000);
    expect(followIntervalMs({ follow: true })).toBe(1000);
    expect(followIntervalMs({ follow: true, intervalMs: 250 })).toBe(250);
    expect(followIntervalMs({})).toBeNull();
    expect(followIntervalMs({ follow: false })).toBeNull();
  });

  it.each([
    [{ follow: 'yes' }, 'follow must be a boolean, got the string "yes"'],
    [{ follow: 1 }, 'follow must be a boolean, got 1 (number)'],
    [{ follow: true, intervalMs: '5s' }, 'intervalMs must be a number of milliseconds above 0'],
    [{ follow: true, intervalMs: 0 }, 'got 0 (number)'],
    [{ follow: true, intervalMs: -5 }, 'got -5 (number)'],
    [{ follow: true, intervalMs: Number.NaN }, 'got NaN (number)'],
    [{ follow: true, intervalMs: 2 ** 31 }, 'at most 2147483647'],
    [{ intervalMs: 100 }, 'intervalMs applies only with follow: true'],
    [{ follow: false, intervalMs: 100 }, 'intervalMs applies only with follow: true'],
  ])('%j throws InvalidArgumentError at the call, before any request', async (options, message) => {
    const { server, session } = await serve([]);
    const call = () => iterTrialsMetrics(session, [1], 'training', options as never);
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(message);
    expect(server.requests).toEqual([]);
  });

  it.each([
    [[], 'follow needs at least one trial ID'],
    [[1, 0], 'trial IDs must be positive integers, got 0 (number)'],
    [[1.5], 'trial IDs must be positive integers, got 1.5 (number)'],
  ])('trial IDs %j to follow throw InvalidArgumentError at the call', async (trialIds, message) => {
    const { server, session } = await serve([]);
    expect(() => iterTrialsMetrics(session, trialIds, 'training', { follow: true })).toThrow(message);
    expect(server.requests).toEqual([]);
  });
});

describe('a followed stream, request by request', () => {
  it('reads states before reports, stops reading a trial after the read that follows its end, and skips what it yielded', async () => {
    const { server, session } = await serve([
      {
        method: 'GET',
        path: '/api/v1/trials/1',
        reply: [trial(1, 'STATE_RUNNING'), trial(1, 'STATE_COMPLETED')],
      },
      { method: 'GET', path: '/api/v1/trials/2', reply: trial(2, 'STATE_COMPLETED') },
      {
        method: 'GET',
        path: TRIAL_METRICS,
        reply: [
          { ndjson: [{ metrics: [report(1, 100), report(2, 100)] }, { metrics: [report(2, 200)] }] },
          { ndjson: [{ metrics: [report(1, 100), report(1, 200)] }] },
        ],
      },
    ]);
    const followed = await collect(
      iterTrialsMetrics(session, [1, 2, 1], 'training', { follow: true, intervalMs: 1 }),
    );
    expect(followed.map((m) => [m.trialId, m.stepsCompleted])).toEqual([
      [1, 100],
      [2, 100],
      [2, 200],
      [1, 200],
    ]);
    const sent = server.requests.map((r) => [r.path, r.query.trialIds ?? []]);
    // The two state reads of the first round go out together, in either order.
    expect([...sent.slice(0, 2)].sort()).toEqual([
      ['/api/v1/trials/1', []],
      ['/api/v1/trials/2', []],
    ]);
    expect(sent.slice(2)).toEqual([
      [TRIAL_METRICS, ['1', '2']],
      ['/api/v1/trials/1', []],
      [TRIAL_METRICS, ['1']],
    ]);
  });

  it('an abort while it waits for the next read rejects with AbortError and sends nothing more', async () => {
    const { server, session } = await serve([
      { method: 'GET', path: '/api/v1/trials/1', reply: trial(1, 'STATE_RUNNING') },
      { method: 'GET', path: TRIAL_METRICS, reply: { ndjson: [{ metrics: [report(1, 100)] }] } },
    ]);
    const controller = new AbortController();
    const followed = iterTrialsMetrics(session, [1], 'training', {
      follow: true,
      intervalMs: 600_000,
      signal: controller.signal,
    });
    expect((await followed.next()).value?.stepsCompleted).toBe(100);
    const next = followed.next();
    setTimeout(() => controller.abort(), 20);
    await expect(next).rejects.toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(2);
  });

  it('an abort during a read rejects with AbortError and closes that connection', async () => {
    const closed: string[] = [];
    const server = await startRawServer((req, res, seen) => {
      if (seen.url.startsWith('/api/v1/trials/7')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(trialBody(7, 'STATE_RUNNING')));
        return;
      }
      // The metrics read never answers: only the client can end it.
      req.socket.once('close', () => closed.push(seen.url));
    });
    const session = createTestSession({ master: server.url, retry: { retries: 0 } });
    const controller = new AbortController();
    const followed = collect(
      iterTrialsMetrics(session, [7], 'training', { follow: true, signal: controller.signal }),
    );
    for (let i = 0; i < 200 && server.requests.length < 2; i++) await new Promise((r) => setTimeout(r, 5));
    expect(server.requests.map((r) => r.url.split('?')[0])).toEqual(['/api/v1/trials/7', TRIAL_METRICS]);
    controller.abort();
    await expect(followed).rejects.toBeInstanceOf(AbortError);
    for (let i = 0; i < 100 && closed.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(closed).toEqual([`${TRIAL_METRICS}?trialIds=7&group=training`]);
    await session.transport.close();
    await server.close();
  });
});
