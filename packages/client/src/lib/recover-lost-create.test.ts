import {
  AmbiguousOutcomeError,
  apiErrorFor,
  ConflictError,
  ConnectionError,
  NotCreatedError,
  TimeoutError,
} from '../core/errors';
import { capturingLogger } from '../reliability/capture';
import {
  CLOCK_TOLERANCE_MS,
  type CreateWindow,
  createWithoutDuplicates,
  type LookupOutcome,
  stampedSince,
} from './recover-lost-create';

const reset = (): ConnectionError =>
  new ConnectionError('other side closed', {
    cause: Object.assign(new Error('closed'), { code: 'UND_ERR_SOCKET' }),
  });
const refused = (): ConnectionError =>
  new ConnectionError('refused', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) });

function run(failure: unknown, outcome: LookupOutcome<string> | Error) {
  const logger = capturingLogger();
  const windows: CreateWindow[] = [];
  const promise = createWithoutDuplicates<string>({
    operation: 'createThing',
    target: 'thing "t"',
    check: 'listThings()',
    logger,
    prepare: async () => undefined,
    create: () => Promise.reject(failure),
    lookup: async (window) => {
      windows.push(window);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  });
  return { promise, logger, windows };
}

const settle = (promise: Promise<string>): Promise<unknown> =>
  promise.then(
    (v) => v,
    (e: unknown) => e,
  );

describe('createWithoutDuplicates', () => {
  it('passes a failure of prepare on as it is, without sending or a lookup', async () => {
    const loginFailed = apiErrorFor({ status: 500, method: 'POST', path: '/api/v1/auth/login' });
    let sent = 0;
    let lookups = 0;
    const promise = createWithoutDuplicates({
      operation: 'createThing',
      target: 't',
      check: 'c',
      logger: capturingLogger(),
      prepare: () => Promise.reject(loginFailed),
      create: async () => {
        sent += 1;
        return 'made';
      },
      lookup: async () => {
        lookups += 1;
        return { matches: [] };
      },
    });
    expect(await settle(promise)).toBe(loginFailed);
    expect([sent, lookups]).toStrictEqual([0, 0]);
  });

  it('returns what the create call returns, without a lookup', async () => {
    let lookups = 0;
    const value = await createWithoutDuplicates({
      operation: 'createThing',
      target: 't',
      check: 'c',
      logger: capturingLogger(),
      prepare: async () => undefined,
      create: async () => 'made',
      lookup: async () => {
        lookups += 1;
        return { matches: [] };
      },
    });
    expect(value).toBe('made');
    expect(lookups).toBe(0);
  });

  it("rethrows the master's answer (409) as it is, without a lookup", async () => {
    const conflict = apiErrorFor({ status: 409, method: 'POST', path: '/x' });
    const { promise, windows } = run(conflict, { matches: [] });
    expect(await settle(promise)).toBe(conflict);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(windows).toHaveLength(0);
  });

  it('a request that was never sent: NotCreatedError with the failure as cause, without a lookup', async () => {
    const failure = refused();
    const { promise, windows } = run(failure, { matches: [{ id: 1, value: 'x' }] });
    const error = await settle(promise);
    expect(error).toBeInstanceOf(NotCreatedError);
    expect(error).toMatchObject({
      operation: 'createThing',
      target: 'thing "t"',
      safeToRetry: true,
      cause: failure,
    });
    expect((error as Error).message).toBe(
      'createThing: the master did not create thing "t" (the request could not be sent: refused); it is safe to retry',
    );
    expect(windows).toHaveLength(0);
  });

  it('a lost answer and exactly one match: the match, and one debug line naming it', async () => {
    const before = Date.now();
    const { promise, logger, windows } = run(reset(), { matches: [{ id: 7, value: 'found' }] });
    expect(await promise).toBe('found');
    const [window] = windows;
    expect(window?.startedAtMs).toBeGreaterThanOrEqual(before);
    expect(window?.earliestMs).toBe((window?.startedAtMs ?? 0) - CLOCK_TOLERANCE_MS);
    expect(logger.lines).toStrictEqual([
      'debug createThing: the answer was lost (other side closed); thing "t" was found afterwards (id 7) {"operation":"createThing","id":7}',
    ]);
  });

  it('a lost answer and no match: NotCreatedError', async () => {
    const error = await settle(run(reset(), { matches: [] }).promise);
    expect(error).toBeInstanceOf(NotCreatedError);
    expect((error as Error).message).toMatch(/no matching object was found afterwards/);
  });

  it('a timeout and no match: AmbiguousOutcomeError with no candidate (the master may still do it)', async () => {
    for (const failure of [
      new TimeoutError('timed out'),
      apiErrorFor({ status: 504, method: 'POST', path: '/x' }),
    ]) {
      const error = await settle(run(failure, { matches: [] }).promise);
      expect(error).toBeInstanceOf(AmbiguousOutcomeError);
      expect(error).toMatchObject({ candidateIds: [], safeToRetry: false, cause: failure });
    }
  });

  it('several matches, or a partial one: AmbiguousOutcomeError with every id and what differs', async () => {
    const several = await settle(
      run(reset(), {
        matches: [
          { id: 3, value: 'a' },
          { id: 4, value: 'b' },
        ],
      }).promise,
    );
    expect(several).toMatchObject({
      candidateIds: [3, 4],
      check: expect.stringMatching(/^listThings\(\), for what was made since \d{4}-.+Z$/),
    });
    expect((several as Error).message).toMatch(
      /2 match the request \(3, 4\)\. Candidate ids: \[3, 4\]\. Check listThings\(\), for what was made since .+Z before calling again\.$/,
    );
    const partial = await settle(
      run(reset(), { matches: [{ id: 5, value: 'a' }], partial: [{ id: 6, why: 'another description' }] })
        .promise,
    );
    expect(partial).toMatchObject({ candidateIds: [5, 6] });
    expect((partial as Error).message).toMatch(/6 matches only in part \(another description\)/);
  });

  it('a failed lookup: AmbiguousOutcomeError with the lookup error and no candidate list', async () => {
    const lookupError = new Error('lookup broke');
    const failure = reset();
    const error = await settle(run(failure, lookupError).promise);
    expect(error).toBeInstanceOf(AmbiguousOutcomeError);
    expect(error).toMatchObject({ candidateIds: undefined, lookupError, cause: failure });
    expect((error as Error).message).toMatch(/looking the object up afterwards failed: lookup broke/);
  });
});

describe('stampedSince', () => {
  const window: CreateWindow = { startedAtMs: 2_000_000, earliestMs: 1_000_000 };

  it('is true from the window start on, false before it', () => {
    expect(stampedSince(new Date(1_000_000).toISOString(), window)).toBe(true);
    expect(stampedSince(new Date(999_999).toISOString(), window)).toBe(false);
  });

  it('counts a missing or unreadable timestamp as possibly made by the call', () => {
    expect(stampedSince(null, window)).toBe(true);
    expect(stampedSince(undefined, window)).toBe(true);
    expect(stampedSince('not a time', window)).toBe(true);
  });
});
