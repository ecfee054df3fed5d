import { assertNoResponseViolations, type ResponseViolation } from '../server/response-validation';
import { type MockMaster, type StartMockMasterOptions, startMockMaster } from '../server/start';

/** A mock master started for one test file. */
export interface MockForTest {
  /** The running mock (throws before `beforeAll` has run). */
  readonly mock: MockMaster;
  readonly url: string;
  /** Logs in with an empty password (the default users have one) and returns the bearer token. */
  login(username?: string): Promise<string>;
}

/**
 * Registers an `afterAll` that fails the test file when `mock` produced any response violating
 * the spec. Every test file that starts a mock must call it (or use {@link startForTest}).
 */
export function expectAllResponsesValid(
  mock: () => { readonly responseViolations: readonly ResponseViolation[] },
): void {
  afterAll(() => assertNoResponseViolations(mock()));
}

/**
 * Starts a mock master in `beforeAll` with responses recorded against the spec, and in `afterAll`
 * stops it and fails the file if any response it produced violated the spec.
 */
export function startForTest(options: StartMockMasterOptions = {}): MockForTest {
  let running: MockMaster | null = null;
  const current = (): MockMaster => {
    if (running === null) throw new Error('the mock master is not running (use it inside tests or hooks)');
    return running;
  };
  beforeAll(async () => {
    running = await startMockMaster({ strictQuery: true, ...options, validateResponses: 'record' });
  });
  afterAll(async () => {
    const mock = running;
    running = null;
    if (mock === null) return;
    await mock.stop();
    assertNoResponseViolations(mock);
  });
  return {
    get mock() {
      return current();
    },
    get url() {
      return current().url;
    },
    async login(username = 'determined') {
      const res = await fetch(`${current().url}/api/v1/auth/login`, {
        method: 'POST',
        body: JSON.stringify({ username, password: '', isHashed: true }),
      });
      if (res.status !== 200)
        throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
  };
}
