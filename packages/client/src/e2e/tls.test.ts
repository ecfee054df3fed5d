import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertNoResponseViolations, type MockMaster, startMockMaster } from '@determined-ts/mock-master';
import type { DeterminedOptions } from '../connect';
import { ConnectionError, InvalidArgumentError } from '../core/errors';
import { createLogger } from '../core/logger';
import { Determined } from '../determined';

const OPENSSL = '/usr/bin/openssl';
const silent = createLogger({ env: { DET_TS_LOG: 'silent' } });

let dir: string;
let caFile: string;
let mock: MockMaster;
const opened: Determined[] = [];

/** Create a throwaway CA and a server certificate for 127.0.0.1 signed by it. */
async function makeCertificates(): Promise<{ key: string; cert: string }> {
  const openssl = (...args: string[]): void => {
    execFileSync(OPENSSL, args, { cwd: dir, stdio: 'pipe' });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=e2e test CA',
  );
  await writeFile(
    path.join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=mock master');
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'server.ext',
  );
  return {
    key: await readFile(path.join(dir, 'server.key'), 'utf8'),
    cert: await readFile(path.join(dir, 'server.pem'), 'utf8'),
  };
}

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
  caFile = path.join(dir, 'ca.pem');
  mock = await startMockMaster({ tls: await makeCertificates(), validateResponses: 'record' });
}, 60_000);

afterAll(async () => {
  await mock?.stop();
  await rm(dir, { recursive: true, force: true });
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
