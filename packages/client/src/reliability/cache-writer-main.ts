/**
 * A separate process that writes `count` tokens (users `<prefix>0…`) and certificates into the
 * caches of `configDir`, one locked read-modify-write each: `node cache-writer.js dir prefix count`.
 * It prints `flock` or `no-flock` (whether the fs-ext lock was in use) when it is done.
 */
import { CertCache } from '../auth/cert-cache';
import { TokenCache } from '../auth/token-cache';

async function main(): Promise<void> {
  const [configDir = '', prefix = 'u', count = '10'] = process.argv.slice(2);
  let flock = true;
  process.on('warning', (warning: Error & { code?: string }) => {
    if (warning.code === 'DETERMINED_TS_NO_FLOCK') flock = false;
  });
  const master = 'http://127.0.0.1:8080';
  const certs = new CertCache({ configDir });
  for (let i = 0; i < Number(count); i++) {
    const cache = await TokenCache.open({ master, configDir });
    await cache.setToken(`${prefix}${i}`, `token-${prefix}${i}`);
    await certs.setCert(`https://${prefix}${i}.example:8443`, `PEM ${prefix}${i}`);
  }
  // Warnings are emitted on the next tick; let a pending one arrive before reporting.
  await new Promise((resolve) => setImmediate(resolve));
  process.stdout.write(flock ? 'flock\n' : 'no-flock\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
