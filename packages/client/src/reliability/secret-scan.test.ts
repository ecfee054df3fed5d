import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { assertNoResponseViolations, type MockMaster, startMockMaster } from '@determined-ts/mock-master';
import { saltAndHashPassword } from '../auth/password';
import { Determined } from '../determined';
import { Trial } from '../resources/trials/trial';
import { capturingLogger, leakedSecrets, textsOfError } from './capture';

const PASSWORD = 'Corr3ct-Horse-Battery-Staple';

let mock: MockMaster;
let configDir: string;
const logged: string[] = [];
const thrown: unknown[] = [];
const shown: string[] = [];
const consoleLines: string[] = [];
let secrets: string[] = [];

async function failing(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  thrown.push(error);
}

beforeAll(async () => {
  mock = await startMockMaster({ validateResponses: 'record', strictQuery: true, seed: 5 });
  mock.users.create({ username: 'alice', password: PASSWORD, admin: true });
  configDir = await mkdtemp(path.join(tmpdir(), 'det-secrets-'));
  for (const method of ['log', 'debug', 'info', 'warn', 'error'] as const) {
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleLines.push(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg))).join(' '));
    });
  }
});

afterAll(async () => {
  jest.restoreAllMocks();
  await mock.stop();
  assertNoResponseViolations(mock);
  await rm(configDir, { recursive: true, force: true });
});

describe('secrets never appear in what the SDK logs, throws or shows', () => {
  it('a whole session with a password: successes, API errors, stream errors, timeouts, a revoked token', async () => {
    const det = new Determined({
      master: mock.url,
      user: 'alice',
      password: PASSWORD,
      configDir,
      logger: capturingLogger(logged),
      retry: { retries: 2, backoffBaseMs: 1, jitter: 0 },
    });
    await det.login();
    const token = JSON.parse(await readFile(path.join(configDir, 'auth.json'), 'utf8')).masters[det.master]
      .tokens.alice as string;
    secrets = [PASSWORD, saltAndHashPassword(PASSWORD), token];

    const experiment = await det.createExperiment({
      name: 'scan',
      searcher: { name: 'single', metric: 'loss' },
    });
    shown.push(inspect(det, { depth: 8 }), JSON.stringify(det), inspect(det.session, { depth: 8 }));
    shown.push(JSON.stringify(det.session), inspect(experiment, { depth: 8 }), JSON.stringify(experiment));
    await det.whoami();
    await failing(det.getExperiment(987_654));
    await failing(det.getModel('no-such-model'));
    mock.faults.add({ operationId: 'GetExperiment', status: 503 });
    await failing(det.getExperiment(experiment.id));
    mock.faults.clear();
    mock.faults.add({ operationId: 'GetMe', latencyMs: 1_000 });
    await failing(det.whoami({ timeoutMs: 100 }));
    mock.faults.clear();
    mock.faults.add({ operationId: 'TrialLogs', reset: 'during-body', times: 1 });
    mock.state.createLargeCheckpoint(1024);
    const trialId = Math.max(...mock.state.trials.keys());
    mock.state.logs.add({ trialId, atMs: 1_700_000_000_000, log: `token=${token}` });
    await failing(
      (async () => {
        for await (const _ of new Trial(trialId, det.session).iterLogs()) {
          // drained until the cut
        }
      })(),
    );
    // A revoked token: the session logs in again with its password and goes on with a new token.
    mock.users.revokeToken(token);
    await det.getExperiment(experiment.id);
    const renewed = det.session.currentToken() ?? '';
    expect(renewed).not.toBe(token);
    secrets.push(renewed);
    await failing(det.getExperiment(987_655));
    await det.close();

    const bad = new Determined({
      master: mock.url,
      user: 'alice',
      password: `${PASSWORD}x`,
      // A fresh cache: a cached valid token would win over the wrong password.
      configDir: path.join(configDir, 'fresh'),
      logger: capturingLogger(logged),
    });
    await failing(bad.login());
    await bad.close();
    const wrongToken = new Determined({
      master: mock.url,
      token: `v2.public.${'A'.repeat(43)}`,
      user: 'alice',
      configDir,
      logger: capturingLogger(logged),
    });
    secrets.push(`v2.public.${'A'.repeat(43)}`);
    await failing(wrongToken.whoami());
    shown.push(inspect(wrongToken, { depth: 8 }), JSON.stringify(wrongToken));
    await wrongToken.close();
  });

  it('scans every logged line, console line, thrown error (message, stack, inspect, JSON, causes) and shown object', () => {
    const texts = [...logged, ...consoleLines, ...shown, ...thrown.flatMap(textsOfError)];
    expect(thrown.length).toBeGreaterThanOrEqual(7);
    expect(logged.length).toBeGreaterThan(10);
    expect(secrets).toHaveLength(5);
    if (process.env.DET_TS_FIGURES)
      process.stdout.write(
        `scanned ${texts.length} texts (${logged.length} log lines, ${thrown.length} errors)\n`,
      );
    expect(leakedSecrets(texts, secrets)).toStrictEqual([]);
  });
});
