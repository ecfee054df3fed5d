import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, get as httpGet, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mock-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves HTTPS with the given key and certificate', async () => {
    const key = readFileSync(path.join(dir, 'key.pem'));
    const cert = readFileSync(path.join(dir, 'cert.pem'));
    const server = await startTestServer({ tls: { key, cert } });
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const body = await new Promise<string>((resolve, reject) => {
        const req = httpsRequest(`${server.url}/api/v1/master`, { ca: cert }, (res) => {
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
