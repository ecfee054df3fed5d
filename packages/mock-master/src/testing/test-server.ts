import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UserStore } from '../auth/user-store';
import { createAuthHandlers } from '../handlers/auth';
import { defaultApi } from '../server/default-api';
import { createMockServer, type MockServer, type MockServerOptions } from '../server/mock-server';
import type { Handler, MockContext } from '../server/types';
import { MockState } from '../state/mock-state';

/** A server with only the users/auth handlers plus `handlers`, for tests of the server machinery. */
export interface TestServer extends MockServer {
  users: UserStore;
  /** Logs in as `username` (empty password) and returns the bearer token. */
  login(username?: string): Promise<string>;
}

/**
 * Starts the spec-driven server with only the auth handlers: the handlers under test get a fresh
 * state on a stopped clock (its temporary checkpoint directory is removed on close).
 */
export async function startTestServer(
  options: Partial<
    Pick<MockServerOptions, 'validateResponses' | 'api' | 'tls' | 'bodyLimitBytes' | 'logger' | 'strictQuery'>
  > & {
    handlers?: Readonly<Record<string, Handler>>;
    seed?: number;
  } = {},
): Promise<TestServer> {
  const users = new UserStore();
  const storageDir = mkdtempSync(path.join(tmpdir(), 'mock-test-server-'));
  const state = MockState.create({ seed: options.seed ?? 1, speed: 0, storageDir });
  const context: MockContext = { state, users, now: () => state.clock.now() };
  const server = await createMockServer({
    api: options.api ?? defaultApi,
    handlers: { ...createAuthHandlers({ seed: options.seed ?? 1 }), ...options.handlers },
    context,
    seed: options.seed ?? 1,
    validateResponses: options.validateResponses ?? 'record',
    tls: options.tls,
    bodyLimitBytes: options.bodyLimitBytes,
    logger: options.logger,
    // Our own tests want misspelled query parameters to fail loudly.
    strictQuery: options.strictQuery ?? true,
  });
  const login = async (username = 'determined') => {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ username, password: '', isHashed: true }),
    });
    if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  };
  const closeServer = server.close;
  const close = async () => {
    await closeServer();
    rmSync(storageDir, { recursive: true, force: true });
  };
  return Object.assign(server, { users, login, close });
}
