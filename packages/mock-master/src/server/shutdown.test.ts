import { Agent, get as httpGet, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestPki, type IssuedCert, type TestPki } from '@test-support/pki';
import { startTestServer } from '../testing/test-server';
import type { Handler } from './types';

// Counts TCP handles of this whole jest worker, so checks compare against a baseline with <=
// (sockets of earlier files may still be closing) rather than equality.
function socketCount(): number {
  return process
    .getActiveResourcesInfo()
    .filter((name) => name === 'TCPSocketWrap' || name === 'TCPServerWrap').length;
}

function getWith(agent: Agent, url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    httpGet(url, { agent }, resolve).on('error', reject);
  });
}

async function settle(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !predicate(); i++) await sleep(20);
}

describe('shutdown', () => {
  it('closes promptly with an idle keep-alive client and leaves no sockets behind', async () => {
    const before = socketCount();
    const server = await startTestServer();
    const agent = new Agent({ keepAlive: true });
    const res = await getWith(agent, `${server.url}/health`);
    res.resume();
    await new Promise((resolve) => res.on('end', resolve));
    await sleep(10);
    expect(Object.keys(agent.freeSockets)).toHaveLength(1);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await settle(() => socketCount() <= before);
    expect(socketCount()).toBeLessThanOrEqual(before);
    agent.destroy();
  });

  it('aborts the handler signal of an in-flight stream when stopped', async () => {
    let aborted = false;
    const waiting: Handler = (req) => ({
      ndjson: (async function* () {
        yield { result: { metrics: [] } };
        await new Promise<void>((resolve) => req.signal.addEventListener('abort', () => resolve()));
        aborted = true;
      })(),
    });
    const before = socketCount();
    const server = await startTestServer({ handlers: { GetMetrics: waiting } });
    const token = await server.login();
    const res = await fetch(`${server.url}/api/v1/trials/metrics/trial_metrics?trialIds=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const reader = res.body?.getReader();
    await reader?.read();
    await server.close();
    await expect(reader?.read()).rejects.toThrow();
    await settle(() => aborted && socketCount() <= before);
    expect(aborted).toBe(true);
    expect(socketCount()).toBeLessThanOrEqual(before);
  });

  it('can be stopped twice', async () => {
    const server = await startTestServer();
    await server.close();
    await expect(server.close()).resolves.toBeUndefined();
  });
});

describe('TLS', () => {
  let pki: TestPki;
  let issued: IssuedCert;
  beforeAll(() => {
    pki = createTestPki();
    issued = pki.issue('mock-master', 'IP:127.0.0.1');
  });
  afterAll(() => pki.remove());

  it('serves HTTPS with the given key and certificate', async () => {
    const server = await startTestServer({ tls: { key: issued.key, cert: issued.cert } });
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const body = await new Promise<string>((resolve, reject) => {
        const req = httpsRequest(`${server.url}/api/v1/master`, { ca: pki.caPem }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString();
          });
          res.on('end', () => resolve(text));
        });
        req.on('error', reject);
        req.end();
      });
      expect(JSON.parse(body)).toMatchObject({ version: '0.38.1' });
    } finally {
      await server.close();
    }
  });
});
