import type { MockMaster } from '@determined-ts/mock-master';
import { StreamError } from '../core/errors';
import type { Determined } from '../determined';
import { Trial } from '../resources/trials/trial';
import { type MockSession, startMockSession } from '../testing/mock-session';

const LINES = 400;

let mock: MockMaster;
let det: Determined;
let session: MockSession;
let trialId: number;
let expected: string[];

beforeAll(async () => {
  session = await startMockSession({ mock: { seed: 23 } });
  ({ mock, det } = session);
  mock.state.createLargeCheckpoint(1024);
  trialId = Math.max(...mock.state.trials.keys());
  // Four lines share each millisecond, so a resumed stream repeats some that were already yielded.
  for (let i = 0; i < LINES; i++)
    mock.state.logs.add({ trialId, atMs: 1_700_000_000_000 + Math.floor(i / 4), log: `line ${i}` });
  expected = mock.state.logs.of(trialId).map((line) => line.message);
});

afterAll(() => session.stop());

afterEach(() => mock.faults.clear());

async function followed(): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of new Trial(trialId, det.session).iterLogs({ follow: true })) lines.push(line);
  return lines;
}

describe('iterLogs({ follow: true }) across cut connections', () => {
  it.each([1, 150, 1_000, 7_777, 20_001])(
    'resumes after a cut at byte %i with no duplicate and no gap',
    async (afterBytes) => {
      mock.faults.add({ operationId: 'TrialLogs', truncate: { afterBytes }, times: 1 });
      expect(await followed()).toStrictEqual(expected);
      expect(mock.faults.list()).toStrictEqual([]);
    },
  );

  it('resumes after the connection resets mid-body, three times in a row', async () => {
    mock.faults.add({ operationId: 'TrialLogs', reset: 'during-body', times: 3 });
    expect(await followed()).toStrictEqual(expected);
  });

  it('gives up with StreamError when every reconnect is cut before a new line', async () => {
    mock.faults.add({ operationId: 'TrialLogs', truncate: { afterBytes: 1 } });
    await expect(followed()).rejects.toThrow(StreamError);
    expect(mock.faults.list()[0]?.hits).toBe(6);
  });

  it('a 503 before the stream opens is retried like any GET', async () => {
    mock.faults.add({ operationId: 'TrialLogs', status: 503, times: 1 });
    expect(await followed()).toStrictEqual(expected);
  });
});
