// How every SDK contender connects: the public package, default options (validation 'warn'),
// and a private config directory so the user's token cache is never touched.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Determined } from '@determined-ts/client';
import { BENCH_PASSWORD, BENCH_USER } from './protocol';

/** A `Determined` client of the bench master with the SDK's default options. */
export function benchClient(url: string): Determined {
  const configDir = mkdtempSync(path.join(tmpdir(), 'det-bench-config-'));
  return new Determined({ master: url, user: BENCH_USER, password: BENCH_PASSWORD, configDir, env: {} });
}
