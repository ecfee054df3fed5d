import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertNoResponseViolations, type MockMaster, startMockMaster } from '@determined-ts/mock-master';
import { Agent, buildConnector } from 'undici';
import { Determined } from '../determined';
import { capturingLogger } from './capture';

let mock: MockMaster;
let configDir: string;

/** Sends every request to the mock, whatever host the URL names (a stand-in for DNS). */
function toMock(): Agent {
  const connector = buildConnector({});
  const port = new URL(mock.url).port;
  return new Agent({
    connect: (options, callback) => connector({ ...options, hostname: '127.0.0.1', port }, callback),
  });
}

beforeAll(async () => {
  mock = await startMockMaster({ validateResponses: 'record', strictQuery: true, seed: 19 });
  configDir = await mkdtemp(path.join(tmpdir(), 'det-plain-http-'));
});

afterAll(async () => {
  await mock.stop();
  assertNoResponseViolations(mock);
  await rm(configDir, { recursive: true, force: true });
});

async function warningsOfLogins(master: string, times: number): Promise<string[]> {
  const logger = capturingLogger();
  const dispatcher = toMock();
  for (let i = 0; i < times; i++) {
    const det = new Determined({
      master,
      user: 'determined',
      password: '',
      configDir: `${configDir}/${i}`,
      logger,
      dispatcher,
    });
    await det.login();
    await det.close();
  }
  await dispatcher.close();
  return logger.lines.filter((line) => line.startsWith('warn ') && line.includes('plain http'));
}

describe('a password sent over plain http', () => {
  it('to a host on the network logs exactly one warning, however often it logs in', async () => {
    const warnings = await warningsOfLogins('http://det-master.example.test:8080', 3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('http://det-master.example.test:8080');
    expect(warnings[0]).toContain('https://');
  });

  it.each([
    'http://127.0.0.1:8080',
    'http://127.3.2.1:8080',
    'http://localhost:8080',
    'http://det.localhost:8080',
  ])('to the loopback host %s logs no warning', async (master) => {
    expect(await warningsOfLogins(master, 1)).toStrictEqual([]);
  });
});
