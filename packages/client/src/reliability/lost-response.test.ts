import { createServer } from 'node:net';
import { AmbiguousOutcomeError, APIError, NotCreatedError } from '../core/errors';
import { Determined } from '../determined';
import { capturingLogger } from './capture';
import { CASE_NAMES, type LostResponseRig, rejection, startLostResponseRig } from './lost-response-cases';

let rig: LostResponseRig;

beforeAll(async () => {
  rig = await startLostResponseRig();
});

afterAll(() => rig.stop());

afterEach(() => rig.mock.faults.clear());

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe.each(CASE_NAMES)('%s whose answer is lost after the master carried it out', (_name, index) => {
  it.each(['before-body', 'during-body'] as const)(
    'returns the object it made (connection reset %s): exactly one exists, sent once',
    async (reset) => {
      const c = rig.caseAt(index);
      const key = await rig.freshKey(index);
      rig.mock.faults.add({ operationId: c.createOp, reset, times: 1 });
      const id = await c.create(rig.det, key);
      expect(rig.mock.faults.list()).toStrictEqual([]);
      expect(c.ids(key)).toStrictEqual([id]);
      const recovered = `debug ${c.call}: the answer was lost`;
      expect(rig.logger.lines.some((line) => line.startsWith(recovered))).toBe(true);
    },
  );
});

describe.each(CASE_NAMES)('%s whose request never reached the master', (_name, index) => {
  it.each([502, 503] as const)(
    'a %i before the handler ran: NotCreatedError (safe to retry), zero objects',
    async (status) => {
      const c = rig.caseAt(index);
      const key = await rig.freshKey(index);
      rig.mock.faults.add({ operationId: c.createOp, status, times: 1 });
      const error = await rejection(c.create(rig.det, key));
      expect(error).toBeInstanceOf(NotCreatedError);
      expect(error).toMatchObject({ operation: c.call, safeToRetry: true, cause: { status } });
      expect(c.ids(key)).toStrictEqual([]);
    },
  );

  it('a 504 (the master may still be working on it): AmbiguousOutcomeError with no candidate yet, zero objects', async () => {
    const c = rig.caseAt(index);
    const key = await rig.freshKey(index);
    rig.mock.faults.add({ operationId: c.createOp, status: 504, times: 1 });
    const error = await rejection(c.create(rig.det, key));
    expect(error).toBeInstanceOf(AmbiguousOutcomeError);
    expect(error).toMatchObject({ operation: c.call, candidateIds: [], safeToRetry: false });
    expect((error as Error).message).toMatch(/may still be carrying the request out/);
    expect(c.ids(key)).toStrictEqual([]);
  });

  it('connection refused: NotCreatedError without any lookup, zero objects', async () => {
    const c = rig.caseAt(index);
    const key = await rig.freshKey(index);
    const offline = new Determined({
      master: `http://127.0.0.1:${await closedPort()}`,
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

describe.each(CASE_NAMES)('%s whose login fails before the request is sent', (_name, index) => {
  it("rejects with the login's own error: no lost-answer handling, zero objects", async () => {
    const c = rig.caseAt(index);
    const key = await rig.freshKey(index);
    const fresh = new Determined({
      master: rig.mock.url,
      user: 'admin',
      password: '',
      cacheToken: false,
      logger: capturingLogger(),
      retry: { retries: 1, backoffBaseMs: 1, jitter: 0 },
    });
    try {
      rig.mock.faults.add({ operationId: 'Login', status: 500, times: 1 });
      const error = await rejection(c.create(fresh, key));
      expect(error).toBeInstanceOf(APIError);
      expect(error).not.toBeInstanceOf(NotCreatedError);
      expect(error).not.toBeInstanceOf(AmbiguousOutcomeError);
      expect(error).toMatchObject({ status: 500, method: 'POST', path: '/api/v1/auth/login' });
      expect(c.ids(key)).toStrictEqual([]);
    } finally {
      await fresh.close();
    }
  });
});

describe.each(CASE_NAMES)(
  "%s: the lookup after a lost answer runs with the caller's timeoutMs",
  (_name, index) => {
    it('stalled lookup attempts time out and are retried (a GET), then the object is returned', async () => {
      const c = rig.caseAt(index);
      const key = await rig.freshKey(index);
      rig.mock.faults.add({ operationId: c.createOp, reset: 'before-body', times: 1 });
      // Far longer than the test's timeout: only the per-attempt timeout ends these attempts.
      rig.mock.faults.add({ operationId: c.lookupOp, latencyMs: 60_000, times: 2 });
      const id = await c.create(rig.det, key, { timeoutMs: 1000 });
      expect(rig.mock.faults.list()).toStrictEqual([]);
      expect(c.ids(key)).toStrictEqual([id]);
    });
  },
);
