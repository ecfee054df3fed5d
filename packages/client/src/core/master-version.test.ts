import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertNoResponseViolations, type MockMaster, startMockMaster } from '@determined-ts/mock-master';
import { Determined } from '../determined';
import type { Logger } from './logger';
import { UnsupportedOperationError } from './master-version';

interface Client {
  det: Determined;
  requests: string[];
}

let old: MockMaster;
let current: MockMaster;
let configDir: string;
const clients: Determined[] = [];

function clientOf(mock: MockMaster): Client {
  const requests: string[] = [];
  const ignore = (): void => undefined;
  const logger: Logger = {
    debug: (message) => requests.push(message),
    info: ignore,
    warn: ignore,
    error: ignore,
  };
  const det = new Determined({ master: mock.url, user: 'admin', password: '', configDir, env: {}, logger });
  clients.push(det);
  return { det, requests };
}

beforeAll(async () => {
  old = await startMockMaster({ masterVersion: '0.37.0', validateResponses: 'record', strictQuery: true });
  current = await startMockMaster({ validateResponses: 'record', strictQuery: true });
  configDir = await mkdtemp(path.join(tmpdir(), 'det-master-version-'));
});

afterAll(async () => {
  await Promise.all(clients.map((det) => det.close()));
  await Promise.all([old.stop(), current.stop()]);
  await rm(configDir, { recursive: true, force: true });
  assertNoResponseViolations(old);
  assertNoResponseViolations(current);
});

describe('runtime master version awareness', () => {
  it('reads the master version once per session and exposes it through masterInfo()', async () => {
    const { det, requests } = clientOf(old);
    const info = await det.masterInfo();
    expect(info.version).toBe('0.37.0');
    expect(await det.masterInfo()).toBe(info);
    expect(requests.filter((line) => line.startsWith('GET /api/v1/master '))).toHaveLength(1);
  });

  it('refuses an operation a 0.37.0 master lacks with an error naming it, both versions and no request of its own', async () => {
    const { det, requests } = clientOf(old);
    const refused = det.session.call('GetAccessTokens', { query: {} });
    await expect(refused).rejects.toBeInstanceOf(UnsupportedOperationError);
    const error = (await refused.catch((e: unknown) => e)) as UnsupportedOperationError;
    expect(error.operationId).toBe('GetAccessTokens');
    expect(error.masterVersion).toBe('0.37.0');
    expect(error.since).toBe('0.38.1');
    expect(error.message).toBe(
      'GetAccessTokens is not available on this master: it runs Determined 0.37.0, and the operation ' +
        'exists from 0.38.1 on. Upgrade the master to 0.38.1 or later, or avoid this call.',
    );
    expect(requests.some((line) => line.startsWith('GET /api/v1/tokens'))).toBe(false);
  });

  it('refuses the same operation through det.api', async () => {
    const { det } = clientOf(old);
    await expect(det.api.GET('/api/v1/tokens', {})).rejects.toBeInstanceOf(UnsupportedOperationError);
  });

  it('sends an operation of the oldest vendored spec without reading the version first', async () => {
    const { det, requests } = clientOf(old);
    await det.listWorkspaces();
    expect(requests.some((line) => line.startsWith('GET /api/v1/master '))).toBe(false);
  });

  it('sends the new operation to a master that has it', async () => {
    const { det } = clientOf(current);
    const answer = await det.session.call('GetAccessTokens', { query: {} });
    expect(Array.isArray(answer.tokenInfo)).toBe(true);
    expect((await det.masterInfo()).version).toBe('0.38.1');
  });
});
