/**
 * The soak run: one client, mixed calls and streams against a mock master that injects random
 * faults, for `--minutes` (default 10). Prints RSS and open handles at start and end and a
 * summary; exits 1 when a call failed in a way the faults do not explain, when a stream came
 * back short, or when handles or memory kept growing.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Determined, StreamError, Trial } from '@determined-ts/client';
import { startMockMaster } from '@determined-ts/mock-master';
import { parseMinutes } from './args';
import { formatSnapshot, type Snapshot, snapshot } from './snapshot';

const ROWS = 2_000;
const LOG_LINES = 300;
/** RSS may grow this much over the run (heap warm-up, caches) before it counts as a leak. */
const RSS_GROWTH_LIMIT = 96 * 1024 * 1024;

interface Tally {
  calls: number;
  streams: number;
  rows: number;
  expectedFailures: number;
  unexpected: string[];
}

/** Run the soak; resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const minutes = parseMinutes(argv);
  const mock = await startMockMaster({ seed: 42, speed: 50, validateResponses: 'record' });
  mock.state.createLargeCheckpoint(64 * 1024);
  const trialId = Math.max(...mock.state.trials.keys());
  mock.state.createSyntheticMetrics(trialId, ROWS);
  for (let i = 0; i < LOG_LINES; i++)
    mock.state.logs.add({ trialId, atMs: 1_700_000_000_000 + i, log: `line ${i}` });
  const configDir = path.join(tmpdir(), `det-soak-${process.pid}`);
  const det = new Determined({
    master: mock.url,
    user: 'determined',
    password: '',
    configDir,
    retry: { retries: 6, backoffBaseMs: 20 },
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  await det.login();
  const experiment = await det.createExperiment({
    name: 'soak',
    searcher: { name: 'single', metric: 'loss' },
  });
  mock.faults.add({ method: 'GET', pathPattern: '/api/v1/experiments/*', status: 503, probability: 0.05 });
  mock.faults.add({ method: 'GET', pathPattern: '/api/v1/me', reset: 'before-body', probability: 0.03 });
  mock.faults.add({ operationId: 'GetMetrics', reset: 'during-body', probability: 0.05 });

  const start: Snapshot = snapshot();
  process.stdout.write(`soak: ${minutes} min against ${mock.url}\nstart: ${formatSnapshot(start)}\n`);
  const tally: Tally = { calls: 0, streams: 0, rows: 0, expectedFailures: 0, unexpected: [] };
  const deadline = Date.now() + minutes * 60_000;
  let round = 0;
  while (Date.now() < deadline) {
    round += 1;
    await Promise.all([
      call(tally, () => det.getExperiment(experiment.id)),
      call(tally, () => det.whoami()),
      call(tally, () => det.listModels()),
      call(tally, () => det.listWorkspaces()),
      metricStream(tally, det, trialId),
      logStream(tally, det, trialId),
    ]);
    if (round % 50 === 0)
      process.stdout.write(`  ${formatSnapshot(snapshot())} after ${tally.calls} calls\n`);
  }
  await det.close();
  const injected = mock.faults.list().reduce((sum, fault) => sum + fault.hits, 0);
  await mock.stop();
  await rm(configDir, { recursive: true, force: true });
  global.gc?.();
  const end = snapshot();
  process.stdout.write(`end:   ${formatSnapshot(end)}\n`);
  process.stdout.write(
    `calls ${tally.calls}, streams ${tally.streams} (${tally.rows} rows), faults injected ${injected}, ` +
      `failures explained by faults ${tally.expectedFailures}, unexpected ${tally.unexpected.length}\n`,
  );
  for (const problem of tally.unexpected.slice(0, 10)) process.stdout.write(`  unexpected: ${problem}\n`);
  const leaking = end.rss - start.rss > RSS_GROWTH_LIMIT || end.handles > start.handles;
  if (leaking) process.stdout.write('soak failed: RSS or open handles grew\n');
  return tally.unexpected.length === 0 && !leaking ? 0 : 1;
}

async function call(tally: Tally, fn: () => Promise<unknown>): Promise<void> {
  tally.calls += 1;
  try {
    await fn();
  } catch (error) {
    tally.unexpected.push(`call: ${String(error)}`);
  }
}

async function metricStream(tally: Tally, det: Determined, trialId: number): Promise<void> {
  tally.streams += 1;
  let rows = 0;
  try {
    for await (const _ of det.iterTrialsMetrics([trialId], 'training')) rows += 1;
    tally.rows += rows;
    if (rows !== ROWS) tally.unexpected.push(`metric stream: ${rows} of ${ROWS} rows without an error`);
  } catch (error) {
    // A reset mid-body is injected on purpose: it must surface as a StreamError, nothing else.
    if (error instanceof StreamError) tally.expectedFailures += 1;
    else tally.unexpected.push(`metric stream: ${String(error)}`);
  }
}

async function logStream(tally: Tally, det: Determined, trialId: number): Promise<void> {
  tally.streams += 1;
  let lines = 0;
  try {
    for await (const _ of new Trial(trialId, det.session).iterLogs()) lines += 1;
    if (lines !== LOG_LINES)
      tally.unexpected.push(`log stream: ${lines} of ${LOG_LINES} lines without an error`);
  } catch (error) {
    tally.unexpected.push(`log stream: ${String(error)}`);
  }
}
