import type { MockMaster } from '@determined-ts/mock-master';
import { StreamError } from '../core/errors';
import type { Determined } from '../determined';
import { Trial } from '../resources/trials/trial';
import { type MockSession, startMockSession } from '../testing/mock-session';

const ROWS = 3_000;
const LOG_LINES = 400;

let mock: MockMaster;
let det: Determined;
let session: MockSession;
let trialId: number;

beforeAll(async () => {
  session = await startMockSession({ mock: { seed: 11 } });
  ({ mock, det } = session);
  mock.state.createLargeCheckpoint(1024);
  trialId = Math.max(...mock.state.trials.keys());
  mock.state.createSyntheticMetrics(trialId, ROWS);
  for (let i = 0; i < LOG_LINES; i++)
    mock.state.logs.add({ trialId, atMs: 1_700_000_000_000 + i, log: `line ${i}`, containerId: 'c0ffee00' });
});

afterAll(() => session.stop());

afterEach(() => mock.faults.clear());

async function metricRows(): Promise<number> {
  let rows = 0;
  for await (const _ of det.iterTrialsMetrics([trialId], 'training')) rows += 1;
  return rows;
}

async function logLines(): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of new Trial(trialId, det.session).iterLogs()) lines.push(line);
  return lines;
}

describe('metric and log streams cut at random points', () => {
  it('deliver every row and line when nothing is cut', async () => {
    expect(await metricRows()).toBe(ROWS);
    expect(await logLines()).toHaveLength(LOG_LINES);
  });

  // Byte offsets drawn once from a fixed seed, spread over the whole body (first chunk to last).
  const cuts = [1, 17, 200, 1_000, 4_096, 20_000, 65_537, 150_000];

  it.each(cuts)(
    'a metric stream truncated after %i bytes ends in StreamError, never a short result',
    async (afterBytes) => {
      mock.faults.add({ operationId: 'GetMetrics', truncate: { afterBytes }, times: 1 });
      await expect(metricRows()).rejects.toThrow(StreamError);
    },
  );

  it('a metric stream whose connection resets mid-body ends in StreamError', async () => {
    mock.faults.add({ operationId: 'GetMetrics', reset: 'during-body', times: 1 });
    await expect(metricRows()).rejects.toThrow(StreamError);
  });

  it.each([1, 90, 1_000, 10_000, 40_000])(
    'a log stream truncated after %i bytes ends in StreamError',
    async (afterBytes) => {
      mock.faults.add({ operationId: 'TrialLogs', truncate: { afterBytes }, times: 1 });
      await expect(logLines()).rejects.toThrow(StreamError);
    },
  );

  it('a log stream whose connection resets mid-body ends in StreamError', async () => {
    mock.faults.add({ operationId: 'TrialLogs', reset: 'during-body', times: 1 });
    await expect(logLines()).rejects.toThrow(StreamError);
  });
});
