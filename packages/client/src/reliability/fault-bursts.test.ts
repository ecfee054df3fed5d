import { assertNoResponseViolations, type MockMaster, startMockMaster } from '@determined-ts/mock-master';
import { InternalServerError } from '../core/errors';
import { Determined } from '../determined';
import { mockLoginToken } from '../testing/mock-login';
import { capturingLogger } from './capture';

let mock: MockMaster;
let token: string;
let experimentId: number;

beforeAll(async () => {
  mock = await startMockMaster({ validateResponses: 'record', strictQuery: true, seed: 7 });
  token = await mockLoginToken(mock.url);
  const det = new Determined({ master: mock.url, token, user: 'determined', logger: capturingLogger() });
  experimentId = (
    await det.createExperiment({ name: 'bursts', searcher: { name: 'single', metric: 'loss' } })
  ).id;
  await det.close();
});

afterAll(async () => {
  await mock.stop();
  assertNoResponseViolations(mock);
});

afterEach(() => mock.faults.clear());

function client(retries = 5): { det: Determined; lines: string[] } {
  const logger = capturingLogger();
  const det = new Determined({
    master: mock.url,
    token,
    user: 'determined',
    logger,
    retry: { retries, backoffBaseMs: 2, jitter: 0 },
  });
  return { det, lines: logger.lines };
}

/** Attempts of `GET /api/v1/experiments/{id}` the transport logged. */
function attempts(lines: readonly string[]): number {
  return lines.filter((line) => line.startsWith(`debug GET /api/v1/experiments/${experimentId} `)).length;
}

describe('GET under bursts of gateway errors, rate limits and connection resets', () => {
  it('succeeds within the retry budget after 502, 503, 504, 429 + Retry-After and a reset', async () => {
    mock.faults.add({ operationId: 'GetExperiment', status: 502, times: 1 });
    mock.faults.add({ operationId: 'GetExperiment', status: 503, times: 1 });
    mock.faults.add({ operationId: 'GetExperiment', status: 504, times: 1 });
    mock.faults.add({ operationId: 'GetExperiment', status: 429, retryAfter: 0, times: 1 });
    mock.faults.add({ operationId: 'GetExperiment', reset: 'before-body', times: 1 });
    const { det, lines } = client();
    const experiment = await det.getExperiment(experimentId);
    expect(experiment.id).toBe(experimentId);
    // Each fault is removed once it has fired its `times`: all five fired.
    expect(mock.faults.list()).toStrictEqual([]);
    expect(attempts(lines)).toBe(6);
    await det.close();
  });

  it('survives random 503s and resets (about one call in three) across 120 calls with no failed call', async () => {
    mock.faults.add({ operationId: 'GetExperiment', status: 503, probability: 0.2 });
    mock.faults.add({ operationId: 'GetExperiment', reset: 'before-body', probability: 0.15 });
    const { det, lines } = client(8);
    for (let i = 0; i < 120; i++) expect((await det.getExperiment(experimentId)).id).toBe(experimentId);
    const injected = mock.faults.list().reduce((sum, fault) => sum + fault.hits, 0);
    expect(injected).toBeGreaterThan(20);
    if (process.env.DET_TS_FIGURES) console.log(`faults injected: ${injected}`);
    expect(attempts(lines)).toBe(120 + injected);
    await det.close();
  });

  it('raises the typed error of the last status once the budget is exhausted, after retries + 1 attempts', async () => {
    mock.faults.add({ operationId: 'GetExperiment', status: 503 });
    const { det, lines } = client(3);
    const error = await det.getExperiment(experimentId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 503, method: 'GET', attempts: 4 });
    expect((error as Error).message).toContain('failed with HTTP 503 after 4 attempts');
    expect(mock.faults.list()[0]?.hits).toBe(4);
    expect(attempts(lines)).toBe(4);
    await det.close();
  });

  it('never retries a POST on a gateway error (it may have been carried out)', async () => {
    mock.faults.add({ operationId: 'CreateExperiment', status: 502, times: 1 });
    const { det } = client();
    const before = mock.state.experiments.size;
    await expect(
      det.createExperiment({ name: 'once', searcher: { name: 'single', metric: 'loss' } }),
    ).rejects.toMatchObject({ name: 'NotCreatedError', cause: expect.any(InternalServerError) });
    expect(mock.faults.list()).toStrictEqual([]);
    expect(mock.state.experiments.size).toBe(before);
    await det.close();
  });
});
