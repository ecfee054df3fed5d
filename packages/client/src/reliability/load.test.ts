import { assertNoResponseViolations, type MockMaster, startMockMaster } from '@determined-ts/mock-master';
import { Determined } from '../determined';
import { mockLoginToken } from '../testing/mock-login';
import { capturingLogger } from './capture';
import { type SocketCounter, startSocketCounter } from './socket-counter';

const CALLS = 500;
const MAX_SOCKETS = 64;

let mock: MockMaster;
let relay: SocketCounter;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeAll(async () => {
  mock = await startMockMaster({ validateResponses: 'record', strictQuery: true, seed: 9 });
  relay = await startSocketCounter(mock.url);
  process.on('unhandledRejection', onUnhandled);
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await relay.close();
  await mock.stop();
  assertNoResponseViolations(mock);
});

describe('load through one client', () => {
  it(`${CALLS} concurrent facade calls complete over at most ${MAX_SOCKETS} sockets, with no unhandled rejection`, async () => {
    const det = new Determined({
      master: relay.url,
      token: await mockLoginToken(mock.url),
      user: 'determined',
      logger: capturingLogger(),
    });
    const created = await det.createExperiment({
      name: 'load',
      searcher: { name: 'single', metric: 'loss' },
    });
    const calls = Array.from({ length: CALLS }, (_, i) => {
      switch (i % 5) {
        case 0:
          return det.getExperiment(created.id).then((e) => e.id === created.id);
        case 1:
          return det.whoami().then((u) => u.username === 'determined');
        case 2:
          return det.listWorkspaces().then((w) => w.length > 0);
        case 3:
          return det.listModels().then((m) => Array.isArray(m));
        default:
          return det.getSessionUsername().then((name) => name === 'determined');
      }
    });
    const results = await Promise.allSettled(calls);
    const failed = results.filter((r) => r.status === 'rejected' || r.value !== true);
    expect(failed).toStrictEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toStrictEqual([]);
    if (process.env.DET_TS_FIGURES)
      process.stdout.write(
        `${CALLS} calls: ${relay.opened} sockets opened, ${relay.peakOpen} open at most\n`,
      );
    expect(relay.opened).toBeLessThanOrEqual(MAX_SOCKETS);
    await det.close();
  }, 60_000);
});
