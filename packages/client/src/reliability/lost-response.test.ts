import { createServer } from 'node:net';
import { assertNoResponseViolations, type MockMaster, startMockMaster } from '@determined-ts/mock-master';
import { AmbiguousOutcomeError, NotCreatedError } from '../core/errors';
import { Determined } from '../determined';
import { type CapturingLogger, capturingLogger } from './capture';
import { type LostCreateCase, lostCreateCases } from './lost-response-cases';
import { mockLoginToken } from './mock-login';

let mock: MockMaster;
let det: Determined;
let logger: CapturingLogger;
let serial = 0;

beforeAll(async () => {
  mock = await startMockMaster({ validateResponses: 'record', strictQuery: true, seed: 13 });
  logger = capturingLogger();
  det = new Determined({
    master: mock.url,
    token: await mockLoginToken(mock.url, 'admin'),
    user: 'admin',
    logger,
    retry: { retries: 5, backoffBaseMs: 1, jitter: 0 },
  });
  table = lostCreateCases(mock);
});

afterAll(async () => {
  await det.close();
  await mock.stop();
  assertNoResponseViolations(mock);
});

afterEach(() => mock.faults.clear());

// The table is built once the mock exists; the names are for the test titles only.
let table: LostCreateCase[] = [];
const names = ['createExperiment', 'createModel', 'Model.registerVersion', 'createUser'].map(
  (n, i) => [n, i] as const,
);

async function freshKey(index: number): Promise<string> {
  serial += 1;
  const key = `lost-${index}-${serial}`;
  await caseAt(index).prepare(det, key);
  return key;
}

function caseAt(index: number): LostCreateCase {
  const found = table[index];
  if (found === undefined) throw new Error(`no case ${index}`);
  return found;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${String(value)}`);
    },
    (error: unknown) => error,
  );
}

describe.each(names)('%s whose answer is lost after the master carried it out', (_name, index) => {
  it.each(['before-body', 'during-body'] as const)(
    'returns the object it made (connection reset %s): exactly one exists, sent once',
    async (reset) => {
      const c = caseAt(index);
      const key = await freshKey(index);
      mock.faults.add({ operationId: c.createOp, reset, times: 1 });
      const id = await c.create(det, key);
      expect(mock.faults.list()).toStrictEqual([]);
      expect(c.ids(key)).toStrictEqual([id]);
      expect(logger.lines.some((l) => l.startsWith(`debug ${c.call}: the answer was lost`))).toBe(true);
    },
  );
});

describe.each(names)('%s whose request never reached the master', (_name, index) => {
  it.each([502, 503] as const)(
    'a %i before the handler ran: NotCreatedError (safe to retry), zero objects',
    async (status) => {
      const c = caseAt(index);
      const key = await freshKey(index);
      mock.faults.add({ operationId: c.createOp, status, times: 1 });
      const error = await rejection(c.create(det, key));
      expect(error).toBeInstanceOf(NotCreatedError);
      expect(error).toMatchObject({ operation: c.call, safeToRetry: true, cause: { status } });
      expect(c.ids(key)).toStrictEqual([]);
    },
  );

  it('a 504 (the master may still be working on it): AmbiguousOutcomeError with no candidate yet, zero objects', async () => {
    const c = caseAt(index);
    const key = await freshKey(index);
    mock.faults.add({ operationId: c.createOp, status: 504, times: 1 });
    const error = await rejection(c.create(det, key));
    expect(error).toBeInstanceOf(AmbiguousOutcomeError);
    expect(error).toMatchObject({ operation: c.call, candidateIds: [], safeToRetry: false });
    expect(String((error as Error).message)).toMatch(/may still be carrying the request out/);
    expect(c.ids(key)).toStrictEqual([]);
  });

  it('connection refused: NotCreatedError without any lookup, zero objects', async () => {
    const c = caseAt(index);
    const key = await freshKey(index);
    const port = await closedPort();
    const offline = new Determined({
      master: `http://127.0.0.1:${port}`,
      token: 'not-used',
      user: 'admin',
      logger: capturingLogger(),
      retry: { retries: 1, backoffBaseMs: 1, jitter: 0 },
    });
    try {
      const error = await rejection(c.create(offline, key));
      expect(error).toBeInstanceOf(NotCreatedError);
      expect((error as Error).message).toMatch(/could not be sent/);
      expect(c.ids(key)).toStrictEqual([]);
    } finally {
      await offline.close();
    }
  });
});

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
