/**
 * TLS settings for a master: explicit options, `DET_MASTER_CERT_FILE`/`DET_MASTER_CERT_NAME`, or
 * the certificate cache `<config dir>/certs.json` shared with the `det` CLI (a JSON object mapping
 * canonical master URL → PEM), including the migration of the legacy `master.crt`.
 */
import { access, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { CorruptCacheError, InvalidArgumentError } from '../core/errors';
import { createLogger, type Logger } from '../core/logger';
import { canonicalizeMasterUrl } from '../core/master-url';
import { CERTS_FILE_NAME, type EnvVars, LEGACY_CERT_FILE_NAME } from './config-dir';
import { formatPythonJson, withFileLock, writeFileAtomic } from './file-lock';

/** How connections to the master verify its certificate. */
export interface TlsSettings {
  /**
   * Extra PEM certificate(s) to trust **in addition to** the default public roots (Python appends
   * it to certifi's bundle), so a TLS layer must combine it with `tls.rootCertificates`.
   */
  readonly ca?: string;
  /** Disable certificate verification entirely. */
  readonly noverify: boolean;
  /** Name to verify the server certificate against instead of the URL host (SNI keeps the URL host). */
  readonly servername?: string;
}

/** Inputs of {@link resolveTlsSettings}. */
export interface ResolveTlsOptions {
  /** Path of a PEM file to trust (explicit option). */
  readonly certPath?: string | undefined;
  /** Certificate name override (explicit option). */
  readonly certName?: string | undefined;
  /** Disable verification; only an explicit `true` counts. */
  readonly noverify?: boolean | undefined;
  /** Master URL; canonicalized before the cache lookup. */
  readonly master: string;
  /** Environment (default `process.env`). */
  readonly env?: EnvVars | undefined;
  /** Config directory holding `certs.json` / `master.crt`. */
  readonly configDir: string;
  /** Receives the warning about a missing `DET_MASTER_CERT_FILE` path. */
  readonly logger?: Logger | undefined;
}

/**
 * Resolve TLS settings like the Python SDK: (1) any explicit `certPath`/`certName`/`noverify`
 * → only those; (2) else `DET_MASTER_CERT_FILE` (`noverify` in any case, or a PEM path; a missing
 * path logs a warning and keeps default verification); (3) else the cert cache (after migrating a
 * legacy `master.crt`); (4) the name from `DET_MASTER_CERT_NAME` unless (1) applied.
 * @throws InvalidArgumentError for `certPath` together with `noverify`, or an unreadable cert file.
 */
export async function resolveTlsSettings(options: ResolveTlsOptions): Promise<TlsSettings> {
  const { certPath, certName, noverify } = options;
  if (certPath || certName || noverify === true) {
    if (certPath && noverify === true) {
      throw new InvalidArgumentError(
        'certPath and noverify cannot be used together: trust a certificate file or disable verification.',
      );
    }
    const ca = certPath ? await readPem(certPath, 'certPath') : undefined;
    return tlsSettings(ca, noverify === true, certName);
  }

  const env = options.env ?? process.env;
  const envFile = env.DET_MASTER_CERT_FILE;
  let ca: string | undefined;
  let envNoverify = false;
  if (envFile && envFile.toLowerCase() === 'noverify') {
    envNoverify = true;
  } else if (envFile) {
    ca = await readPemIfPresent(envFile);
    if (ca === undefined) {
      const logger = options.logger ?? createLogger({ env });
      logger.warn(`DET_MASTER_CERT_FILE=${envFile} path not found; continuing without cert`);
    }
  } else {
    const master = canonicalizeMasterUrl(options.master);
    await migrateLegacyCert({ configDir: options.configDir, master });
    ca = await new CertCache({ configDir: options.configDir }).getCert(master);
  }
  return tlsSettings(ca, envNoverify, env.DET_MASTER_CERT_NAME);
}

function tlsSettings(ca: string | undefined, noverify: boolean, name: string | undefined): TlsSettings {
  return {
    noverify,
    ...(ca === undefined ? {} : { ca }),
    ...(name ? { servername: name } : {}),
  };
}

async function readPem(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError(`Cannot read ${what} "${file}": ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function readPemIfPresent(file: string): Promise<string | undefined> {
  if (!(await exists(file))) return undefined;
  return readPem(file, 'DET_MASTER_CERT_FILE');
}

/**
 * Move a legacy `<configDir>/master.crt` into `certs.json` under `master` (only when `certs.json`
 * does not exist yet), then delete `master.crt` in either case.
 */
export async function migrateLegacyCert(options: { configDir: string; master: string }): Promise<void> {
  const legacyPath = path.join(options.configDir, LEGACY_CERT_FILE_NAME);
  if (!(await exists(legacyPath))) return;
  const cache = new CertCache({ configDir: options.configDir });
  await withFileLock(cache.lockPath, async () => {
    if (!(await exists(cache.filePath))) {
      const pem = await readFile(legacyPath, 'utf8');
      const store = new Map([[canonicalizeMasterUrl(options.master), pem]]);
      await writeFileAtomic(cache.filePath, formatPythonJson(store));
    }
    await unlink(legacyPath);
  });
}

/**
 * `certs.json`: canonical master URL → PEM. Reads never create the file; writes re-read it under
 * `certs.json.lock` and replace it atomically (`json.dump(indent=4, sort_keys=True)` format).
 */
export class CertCache {
  /** Path of `certs.json`. */
  readonly filePath: string;
  /** Path of its lock file. */
  readonly lockPath: string;

  constructor(options: { configDir: string }) {
    this.filePath = path.join(options.configDir, CERTS_FILE_NAME);
    this.lockPath = `${this.filePath}.lock`;
  }

  /**
   * The PEM cached for `master`, if any.
   * @throws CorruptCacheError when the file is invalid (it has then been deleted).
   */
  async getCert(master: string): Promise<string | undefined> {
    if (!(await exists(this.filePath))) return undefined;
    const store = await withFileLock(this.lockPath, () => this.load());
    return store.get(canonicalizeMasterUrl(master));
  }

  /** Cache `pem` for `master`. */
  async setCert(master: string, pem: string): Promise<void> {
    await this.update((store) => store.set(canonicalizeMasterUrl(master), pem));
  }

  /** Remove the certificate cached for `master`. */
  async deleteCert(master: string): Promise<void> {
    await this.update((store) => store.delete(canonicalizeMasterUrl(master)));
  }

  private async update(change: (store: Map<string, string>) => void): Promise<void> {
    await withFileLock(this.lockPath, async () => {
      const store = await this.load();
      change(store);
      await writeFileAtomic(this.filePath, formatPythonJson(store));
    });
  }

  private async load(): Promise<Map<string, string>> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw error;
    }
    const store = parseCertStore(text);
    if (store) return store;
    await unlink(this.filePath).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    throw new CorruptCacheError(
      `The certificate cache ${this.filePath} was corrupt and has been deleted; please try again.`,
    );
  }
}

function parseCertStore(text: string): Map<string, string> | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const store = new Map<string, string>();
  for (const [url, pem] of Object.entries(raw)) {
    if (typeof pem !== 'string') return undefined;
    store.set(url, pem);
  }
  return store;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
