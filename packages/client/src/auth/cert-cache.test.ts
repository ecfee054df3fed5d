import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CorruptCacheError, InvalidArgumentError } from '../core/errors';
import { useTempConfigDir } from '../testing/temp-config-dir';
import { warningLogger } from '../testing/warning-logger';
import { CertCache, migrateLegacyCert, resolveTlsSettings } from './cert-cache';

const MASTER = 'http://localhost:8080';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n';
const OTHER_PEM = '-----BEGIN CERTIFICATE-----\nMIIBother\n-----END CERTIFICATE-----\n';

const dir = useTempConfigDir('det-cert-cache-');
let root: string;
let configDir: string;

beforeEach(() => {
  root = dir.root;
  configDir = dir.configDir;
});

const writeConfigFile = (name: string, text: string): Promise<string> => dir.write(name, text);

async function writePem(text = PEM): Promise<string> {
  const file = path.join(root, 'ca.pem');
  await writeFile(file, text);
  return file;
}

const resolve = (options: Partial<Parameters<typeof resolveTlsSettings>[0]>) =>
  resolveTlsSettings({ master: MASTER, configDir, env: {}, ...options });

describe('resolveTlsSettings with explicit options', () => {
  it('uses only certPath and certName, ignoring the environment and the cache', async () => {
    await writeConfigFile('certs.json', JSON.stringify({ [MASTER]: OTHER_PEM }));
    const env = { DET_MASTER_CERT_FILE: 'noverify', DET_MASTER_CERT_NAME: 'from-env' };
    const settings = await resolve({ certPath: await writePem(), certName: 'explicit-name', env });
    expect(settings).toEqual({ ca: PEM, noverify: false, servername: 'explicit-name' });
  });

  it('ignores DET_MASTER_CERT_NAME when only noverify is given', async () => {
    const settings = await resolve({ noverify: true, env: { DET_MASTER_CERT_NAME: 'from-env' } });
    expect(settings).toEqual({ noverify: true });
  });

  it('uses only certName when only it is given', async () => {
    const settings = await resolve({ certName: 'name', env: { DET_MASTER_CERT_FILE: await writePem() } });
    expect(settings).toEqual({ noverify: false, servername: 'name' });
  });

  it('rejects certPath together with noverify', async () => {
    await expect(resolve({ certPath: await writePem(), noverify: true })).rejects.toThrow(
      InvalidArgumentError,
    );
  });

  it('rejects an unreadable certPath', async () => {
    await expect(resolve({ certPath: path.join(root, 'missing.pem') })).rejects.toThrow(
      /Cannot read certPath .*missing\.pem/,
    );
  });

  it('treats noverify: false as not given', async () => {
    const settings = await resolve({ noverify: false, env: { DET_MASTER_CERT_FILE: 'noverify' } });
    expect(settings).toEqual({ noverify: true });
  });
});

describe('resolveTlsSettings from the environment', () => {
  it.each(['noverify', 'NoVerify', 'NOVERIFY'])(
    'disables verification for DET_MASTER_CERT_FILE=%s',
    async (value) => {
      const settings = await resolve({ env: { DET_MASTER_CERT_FILE: value, DET_MASTER_CERT_NAME: 'n' } });
      expect(settings).toEqual({ noverify: true, servername: 'n' });
    },
  );

  it('reads the PEM at DET_MASTER_CERT_FILE', async () => {
    const settings = await resolve({ env: { DET_MASTER_CERT_FILE: await writePem() } });
    expect(settings).toEqual({ ca: PEM, noverify: false });
  });

  it('warns about a missing DET_MASTER_CERT_FILE and keeps default verification without the cache', async () => {
    await writeConfigFile('certs.json', JSON.stringify({ [MASTER]: OTHER_PEM }));
    const logger = warningLogger();
    const missing = path.join(root, 'nope.pem');
    const settings = await resolve({ env: { DET_MASTER_CERT_FILE: missing }, logger });
    expect(settings).toEqual({ noverify: false });
    expect(logger.warnings).toEqual([
      `DET_MASTER_CERT_FILE=${missing} path not found; continuing without cert`,
    ]);
  });

  it('treats an empty DET_MASTER_CERT_NAME as unset', async () => {
    expect(await resolve({ env: { DET_MASTER_CERT_NAME: '' } })).toEqual({ noverify: false });
  });
});

describe('resolveTlsSettings from the cert cache', () => {
  it('finds the PEM of the canonical master URL in certs.json', async () => {
    await writeConfigFile('certs.json', JSON.stringify({ [MASTER]: PEM, 'https://x:443': OTHER_PEM }));
    const settings = await resolve({ master: 'localhost', env: { DET_MASTER_CERT_NAME: 'det-master' } });
    expect(settings).toEqual({ ca: PEM, noverify: false, servername: 'det-master' });
  });

  it('creates nothing on disk when there is no cache', async () => {
    expect(await resolve({})).toEqual({ noverify: false });
    expect(existsSync(configDir)).toBe(false);
  });

  it('migrates a legacy master.crt into certs.json and deletes it (scenario 56)', async () => {
    const legacy = await writeConfigFile('master.crt', PEM);
    const first = await resolve({});
    expect(first.ca?.endsWith(PEM)).toBe(true);
    expect(existsSync(legacy)).toBe(false);
    expect(await readFile(path.join(configDir, 'certs.json'), 'utf8')).toBe(
      `{\n    "http://localhost:8080": ${JSON.stringify(PEM)}\n}`,
    );
    const second = await resolve({});
    expect(second.ca?.endsWith(PEM)).toBe(true);
  });

  it('keeps an existing certs.json and still deletes master.crt', async () => {
    const legacy = await writeConfigFile('master.crt', PEM);
    const existing = JSON.stringify({ [MASTER]: OTHER_PEM });
    await writeConfigFile('certs.json', existing);
    await migrateLegacyCert({ configDir, master: MASTER });
    expect(existsSync(legacy)).toBe(false);
    expect(await readFile(path.join(configDir, 'certs.json'), 'utf8')).toBe(existing);
  });

  it.each([
    ['invalid JSON', '{'],
    ['a JSON array', '[]'],
    ['a non-string PEM', '{"http://localhost:8080": 1}'],
  ])('deletes certs.json holding %s and throws CorruptCacheError', async (_what, text) => {
    const file = await writeConfigFile('certs.json', text);
    await expect(resolve({})).rejects.toThrow(CorruptCacheError);
    expect(existsSync(file)).toBe(false);
  });
});

describe('CertCache', () => {
  it('stores certificates under canonical URLs in the CLI format', async () => {
    const cache = new CertCache({ configDir });
    await cache.setCert('https://B.example', OTHER_PEM);
    await cache.setCert('a.example', PEM);
    expect(await readFile(cache.filePath, 'utf8')).toBe(
      [
        '{',
        `    "http://a.example:8080": ${JSON.stringify(PEM)},`,
        `    "https://b.example:443": ${JSON.stringify(OTHER_PEM)}`,
        '}',
      ].join('\n'),
    );
    expect(await cache.getCert('http://a.example:8080/')).toBe(PEM);
    await cache.deleteCert('a.example');
    expect(await cache.getCert('a.example')).toBeUndefined();
    expect(await cache.getCert('https://b.example')).toBe(OTHER_PEM);
  });
});
