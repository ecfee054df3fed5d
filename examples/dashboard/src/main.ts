/**
 * `npm run dashboard`: the dashboard against `DET_MASTER` (credentials as the SDK reads them:
 * `DET_USER`/`DET_PASS`, a token, or the CLI's cached login), or, without `DET_MASTER`, against an
 * embedded mock master running a simulated experiment. `DASHBOARD_PORT` picks the port (default
 * 8000; 0 picks a free one).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Determined } from '@determined-ts/client';
import type { MockMaster } from '@determined-ts/mock-master';
import { DEMO_USER, startDemoMaster } from './demo/demo-master';
import { startDashboard } from './server/dashboard-server';

// The bundle runs from examples/dashboard/.build/, the page lives in examples/dashboard/public/.
const publicDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'public');

function portFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return 8000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`DASHBOARD_PORT must be a port number (0-65535), got "${value}"`);
  }
  return port;
}

async function main(): Promise<void> {
  const port = portFromEnv(process.env.DASHBOARD_PORT);
  let mock: MockMaster | null = null;
  let det: Determined;
  if (process.env.DET_MASTER) {
    det = new Determined();
  } else {
    mock = await startDemoMaster();
    // The demo's login must not land in the CLI's real token cache: it stays in memory.
    det = new Determined({
      master: mock.url,
      user: DEMO_USER.username,
      password: DEMO_USER.password,
      cacheToken: false,
    });
    console.log(`embedded mock master at ${mock.url} (set DET_MASTER to watch a real one)`);
  }
  await det.login();
  const dashboard = await startDashboard({ det, publicDir, port });
  console.log(`dashboard of ${det.session.master} at ${dashboard.url}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await dashboard.close();
    await det.close();
    await mock?.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exit(1);
});
