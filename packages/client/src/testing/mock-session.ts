/**
 * A mock master and a client logged in to it, started and stopped together: the rig of the
 * suites that drive the SDK against a simulated master.
 */
import {
  assertNoResponseViolations,
  type MockMaster,
  type StartMockMasterOptions,
  startMockMaster,
} from '@determined-ts/mock-master';
import type { DeterminedOptions } from '../auth/connect';
import { Determined } from '../determined';
import { type CapturingLogger, capturingLogger } from '../reliability/capture';
import { mockLoginToken } from './mock-login';

/** Options of {@link startMockSession}. */
export interface MockSessionOptions {
  /** The mock's options; response validation is `record` and queries are strict unless given. */
  readonly mock?: StartMockMasterOptions;
  /** The user the client logs in as (a default user of the mock, empty password). */
  readonly user?: string;
  /** Client options besides master, token, user and logger. */
  readonly client?: Omit<DeterminedOptions, 'master' | 'token' | 'user' | 'logger'>;
  /** Lines the client logs are kept here (shared with other loggers if given). */
  readonly logLines?: string[];
}

/** A running mock master, a client logged in to it, and the one call that ends both. */
export interface MockSession {
  readonly mock: MockMaster;
  readonly det: Determined;
  readonly logger: CapturingLogger;
  /** Closes the client, stops the mock and fails if the mock answered anything off spec. */
  stop(): Promise<void>;
}

/** Starts a mock master and a client holding a token of `user` (default `determined`). */
export async function startMockSession(options: MockSessionOptions = {}): Promise<MockSession> {
  const mock = await startMockMaster({ validateResponses: 'record', strictQuery: true, ...options.mock });
  const user = options.user ?? 'determined';
  const logger = capturingLogger(options.logLines);
  const det = new Determined({
    ...options.client,
    master: mock.url,
    token: await mockLoginToken(mock.url, user),
    user,
    logger,
  });
  return {
    mock,
    det,
    logger,
    async stop() {
      await det.close();
      await mock.stop();
      assertNoResponseViolations(mock);
    },
  };
}
