// A throwaway certificate authority for TLS tests, made with the openssl CLI (installed by
// .ci/run where missing): a CA and server certificates it signs for the given subjectAltNames.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A server certificate and its key, as PEM text and as files. */
export interface IssuedCert {
  readonly key: string;
  readonly cert: string;
  readonly keyFile: string;
  readonly certFile: string;
}

/** A test PKI in a temporary directory; call `remove()` when done. */
export interface TestPki {
  readonly dir: string;
  readonly caPem: string;
  readonly caFile: string;
  /** Issue a server certificate, e.g. `issue('ip', 'IP:127.0.0.1,DNS:localhost')`. */
  issue(name: string, subjectAltName: string): IssuedCert;
  remove(): void;
}

/** Create a CA valid for two days in a fresh temporary directory. */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(path.join(tmpdir(), 'determined-ts-pki-'));
  const file = (name: string): string => path.join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  openssl(
    ...['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2'],
    ...['-subj', '/CN=determined-ts test CA', '-addext', 'basicConstraints=critical,CA:TRUE'],
    ...['-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
  );
  return {
    dir,
    caPem: readFileSync(file('ca.pem'), 'utf8'),
    caFile: file('ca.pem'),
    issue(name, subjectAltName) {
      const ext = `subjectAltName=${subjectAltName}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`;
      writeFileSync(file(`${name}.ext`), ext);
      openssl('req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      openssl(
        ...['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial'],
        ...['-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`],
      );
      return {
        key: readFileSync(file(`${name}.key`), 'utf8'),
        cert: readFileSync(file(`${name}.pem`), 'utf8'),
        keyFile: file(`${name}.key`),
        certFile: file(`${name}.pem`),
      };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
