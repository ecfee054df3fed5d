import { assertNoResponseViolations, type MockMaster, startMockMaster } from '@determined-ts/mock-master';
import { AbortError, TimeoutError } from '../core/errors';
import { Determined } from '../determined';
import { mockLoginToken } from '../testing/mock-login';
import { startRawServer } from '../testing/raw-server';
import { capturingLogger } from './capture';

let mock: MockMaster;
let token: string;

beforeAll(async () => {
  mock = await startMockMaster({ validateResponses: 'record', strictQuery: true, seed: 3 });
  token = await mockLoginToken(mock.url);
  // The first error thrown in a jest worker pays for loading source maps of its stack (tens of
  // ms on a busy machine); one throwaway timeout keeps that cost out of the measured ones.
  const det = client();
  await det.whoami();
  mock.faults.add({ operationId: 'GetMe', latencyMs: 500, times: 1 });
  await det.whoami({ timeoutMs: 50 }).catch(() => undefined);
  await det.close();
});

afterAll(async () => {
  await mock.stop();
  assertNoResponseViolations(mock);
});

afterEach(() => mock.faults.clear());

function client(options: { timeoutMs?: number } = {}): Determined {
  return new Determined({
    master: mock.url,
    token,
    user: 'determined',
    logger: capturingLogger(),
    retry: false,
    ...options,
  });
}

async function elapsedOf(promise: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return { ms: performance.now() - started, error };
}

describe('a slow master', () => {
  it.each([300, 1_000])('timeoutMs %i fires within 10%% of its value', async (timeoutMs) => {
    const det = client({ timeoutMs });
    // Warm up (login, connection, code paths) so that only the timer is measured.
    await det.whoami();
    mock.faults.add({ operationId: 'GetMe', latencyMs: timeoutMs * 5 });
    const { ms, error } = await elapsedOf(det.whoami());
    if (process.env.DET_TS_FIGURES) console.log(`timeout ${timeoutMs}: ${ms}`);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(ms).toBeGreaterThanOrEqual(timeoutMs * 0.99);
    expect(ms).toBeLessThanOrEqual(timeoutMs * 1.1);
    await det.close();
  });

  it('a per-call timeoutMs wins over the client one, within 10%', async () => {
    const det = client({ timeoutMs: 60_000 });
    await det.whoami();
    mock.faults.add({ operationId: 'GetMe', latencyMs: 5_000 });
    const { ms, error } = await elapsedOf(det.whoami({ timeoutMs: 500 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(ms).toBeGreaterThanOrEqual(495);
    expect(ms).toBeLessThanOrEqual(550);
    await det.close();
  });

  it('an aborted signal rejects at once with AbortError', async () => {
    mock.faults.add({ operationId: 'GetMe', latencyMs: 5_000 });
    const det = client();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const { ms, error } = await elapsedOf(det.whoami({ signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect(ms).toBeLessThan(200 + 100);
    await det.close();
  });
});

describe('aborting a call frees its socket', () => {
  it('the server sees the connection closed right after the abort', async () => {
    const closed: number[] = [];
    const server = await startRawServer((req) => {
      // Never answers: only the client can end this exchange.
      req.socket.once('close', () => closed.push(performance.now()));
    });
    const det = new Determined({
      master: server.url,
      token: 'tok',
      user: 'determined',
      logger: capturingLogger(),
      retry: false,
    });
    const controller = new AbortController();
    const pending = det.whoami({ signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const abortedAt = performance.now();
    controller.abort();
    await expect(pending).rejects.toThrow(AbortError);
    for (let i = 0; i < 50 && closed.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closed).toHaveLength(1);
    expect((closed[0] ?? Number.POSITIVE_INFINITY) - abortedAt).toBeLessThan(200);
    await det.close();
    await server.close();
  });
});
