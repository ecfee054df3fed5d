import fsPromises, { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CorruptCacheError, InvalidArgumentError } from '../core/errors';
import { useTempConfigDir } from '../testing/temp-config-dir';
import { warningLogger } from '../testing/warning-logger';
import { CertCache, resolveTlsSettings } from './cert-cache';

const MASTER = 'http://localhost:8080';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n';

const dir = useTempConfigDir('det-cert-cache-mutants-');
let root: string;
let configDir: string;
let certsPath: string;

beforeEach(() => {
  root = dir.root;
  configDir = dir.configDir;
  certsPath = dir.file('certs.json');
});

afterEach(() => {
  jest.restoreAllMocks();
});

async function writeCerts(text: string): Promise<void> {
  await dir.write('certs.json', text);
}

const resolve = (options: Partial<Parameters<typeof resolveTlsSettings>[0]>) =>
  resolveTlsSettings({ master: MASTER, configDir, env: {}, ...options });

describe('resolveTlsSettings', () => {
  it('has no ca key at all when nothing is trusted', async () => {
    expect(await resolve({})).toStrictEqual({ noverify: false });
  });

  it('explains why certPath and noverify exclude each other', async () => {
    await expect(resolve({ certPath: path.join(root, 'ca.pem'), noverify: true })).rejects.toThrow(
      new InvalidArgumentError(
        'certPath and noverify cannot be used together: trust a certificate file or disable verification.',
      ),
    );
  });

  it('keeps the read error as the cause of an unreadable certPath', async () => {
    const missing = path.join(root, 'missing.pem');
    const error = await resolve({ certPath: missing }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/^Cannot read certPath ".*missing\.pem": ENOENT/);
    expect((error as Error).cause).toMatchObject({ code: 'ENOENT' });
  });

  it('names DET_MASTER_CERT_FILE when that path exists but cannot be read', async () => {
    await expect(resolve({ env: { DET_MASTER_CERT_FILE: root } })).rejects.toThrow(
      new RegExp(`^Cannot read DET_MASTER_CERT_FILE "${root}": EISDIR`),
    );
  });

  it('does not warn when DET_MASTER_CERT_FILE is found', async () => {
    const file = path.join(root, 'ca.pem');
    await writeFile(file, PEM);
    const logger = warningLogger();
    expect(await resolve({ env: { DET_MASTER_CERT_FILE: file }, logger })).toStrictEqual({
      ca: PEM,
      noverify: false,
    });
    expect(logger.warnings).toStrictEqual([]);
  });

  it('logs a missing DET_MASTER_CERT_FILE at the level DET_TS_LOG of the given environment sets', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const env = { DET_MASTER_CERT_FILE: path.join(root, 'nope.pem'), DET_TS_LOG: 'error' };
    expect(await resolve({ env })).toStrictEqual({ noverify: false });
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('CertCache file handling', () => {
  it.each(['null', '["pem"]', '"pem"', '{"http://h:80": 1}'])(
    'deletes the corrupt store %s',
    async (text) => {
      await writeCerts(text);
      await expect(new CertCache({ configDir }).getCert(MASTER)).rejects.toThrow(
        new CorruptCacheError(
          `The certificate cache ${certsPath} was corrupt and has been deleted; please try again.`,
        ),
      );
      await expect(readFile(certsPath)).rejects.toMatchObject({ code: 'ENOENT' });
    },
  );

  it('passes on a read error instead of treating the store as empty', async () => {
    await mkdir(certsPath, { recursive: true });
    await expect(new CertCache({ configDir }).getCert(MASTER)).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('still reports the corruption when another process deleted the file first', async () => {
    await writeCerts('not json');
    jest
      .spyOn(fsPromises, 'unlink')
      .mockRejectedValueOnce(Object.assign(new Error('gone'), { code: 'ENOENT' }));
    await expect(new CertCache({ configDir }).getCert(MASTER)).rejects.toBeInstanceOf(CorruptCacheError);
  });

  it('passes on an unlink error other than ENOENT', async () => {
    await writeCerts('not json');
    jest
      .spyOn(fsPromises, 'unlink')
      .mockRejectedValueOnce(Object.assign(new Error('denied'), { code: 'EACCES' }));
    await expect(new CertCache({ configDir }).getCert(MASTER)).rejects.toThrow('denied');
  });
});
