import { createLogger, type Logger } from '../core/logger';
import type { RetryOptions } from '../core/retry';
import { createLazySession, type LazySession } from '../core/session';
import { Transport } from '../core/transport';

/** Options of {@link createTestSession}. */
export interface TestSessionOptions {
  readonly master: string;
  readonly username?: string;
  readonly token?: string;
  readonly retry?: RetryOptions;
  readonly logger?: Logger;
}

/**
 * A session already logged in as `username` with `token` (the upstream unit tests use user
 * `username` and token `token`), validating responses strictly as tests should.
 */
export function createTestSession(options: TestSessionOptions): LazySession {
  const logger = options.logger ?? createLogger({ env: { DET_TS_LOG: 'silent' } });
  return createLazySession(Transport, {
    transport: {
      master: options.master,
      validate: 'strict',
      logger,
      ...(options.retry ? { retry: options.retry } : {}),
    },
    logger,
    authenticate: async () => ({ username: options.username ?? 'username', token: options.token ?? 'token' }),
  });
}
