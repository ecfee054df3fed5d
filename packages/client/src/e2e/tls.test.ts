import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertNoResponseViolations, type MockMaster, startMockMaster } from '@determined-ts/mock-master';
import { createTestPki, type TestPki } from '@test-support/pki';
import type { DeterminedOptions } from '../auth/connect';
import { ConnectionError, InvalidArgumentError } from '../core/errors';
import { createLogger } from '../core/logger';
import { Determined } from '../determined';

const silent = createLogger({ env: { DET_TS_LOG: 'silent' } });

let dir: string;
let caFile: string;
let pki: TestPki;
let mock: MockMaster;
const opened: Determined[] = [];

function determined(options: DeterminedOptions): Determined {
  const det = new Determined({
    master: mock.url,
    configDir: path.join(dir, 'config'),
    env: {},
    logger: silent,
    retry: { backoffBaseMs: 1, jitter: 0 },
    ...options,
  });
  opened.push(det);
  return det;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'det-e2e-tls-'));
  pki = createTestPki();
  caFile = pki.caFile;
  const server = pki.issue('mock-master', 'IP:127.0.0.1');
  mock = await startMockMaster({
    tls: { key: server.key, cert: server.cert },
    validateResponses: 'record',
    strictQuery: true,
  });
}, 60_000);

afterAll(async () => {
  await mock?.stop();
  await rm(dir, { recursive: true, force: true });
  pki?.remove();
  if (mock) assertNoResponseViolations(mock);
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((det) => det.close()));
});

describe('a TLS mock master with a self-signed CA', () => {
  it('serves https', () => {
    expect(mock.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('works when the CA is given as certFile', async () => {
    const det = determined({ certFile: caFile });
    expect((await det.whoami()).username).toBe('determined');
  });

  it('works with the CA from DET_MASTER_CERT_FILE', async () => {
    const det = determined({ env: { DET_MASTER_CERT_FILE: caFile } });
    expect((await det.whoami()).username).toBe('determined');
  });

  it('fails with a ConnectionError explaining the certificate problem when the CA is not trusted', async () => {
    const det = determined({});
    const failure = det.login();
    await expect(failure).rejects.toBeInstanceOf(ConnectionError);
    await expect(failure).rejects.toThrow(
      /could not verify the TLS certificate[\s\S]*(DET_MASTER_CERT_FILE|noverify)/,
    );
  });

  it('works with an explicit noverify: true', async () => {
    const det = determined({ noverify: true });
    expect((await det.whoami()).username).toBe('determined');
  });

  it('refuses certFile together with noverify', async () => {
    await expect(determined({ certFile: caFile, noverify: true }).login()).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });

  it('checks the certificate against certName instead of the URL host', async () => {
    const det = determined({ certFile: caFile, certName: 'other.example' });
    await expect(det.login()).rejects.toBeInstanceOf(ConnectionError);
  });
});
