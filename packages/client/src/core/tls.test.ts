import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createTestPki, type TestPki } from '@test-support/pki';
import { type ConnectProxy, startConnectProxy } from '../testing/connect-proxy';
import { ConnectionError, InvalidArgumentError } from './errors';
import type { Logger } from './logger';
import { createDispatcher, proxyEnv, tlsConnectOptions } from './tls';
import { Transport, type TransportOptions } from './transport';

interface Pki {
  caPem: string;
  ipCert: { key: string; cert: string };
  namedCert: { key: string; cert: string };
}

let testPki: TestPki;
let pki: Pki;

/** A throwaway CA, a server cert for 127.0.0.1 and one only valid for master.example. */
function makePki(): Pki {
  const issued = (name: string, san: string) => {
    const { key, cert } = testPki.issue(name, san);
    return { key, cert };
  };
  return {
    caPem: testPki.caPem,
    ipCert: issued('ip', 'IP:127.0.0.1,DNS:localhost'),
    namedCert: issued('named', 'DNS:master.example'),
  };
}

beforeAll(() => {
  testPki = createTestPki();
  pki = makePki();
});

afterAll(() => {
  testPki.remove();
});

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

function listen(server: http.Server | https.Server): Promise<number> {
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

interface HttpsMaster {
  url: string;
  hits: () => number;
  connections: () => number;
}

async function httpsMaster(credentials: { key: string; cert: string }): Promise<HttpsMaster> {
  let hits = 0;
  let connections = 0;
  const server = https.createServer(credentials, (_req, res) => {
    hits += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  server.on('connection', () => {
    connections += 1;
  });
  const url = `https://127.0.0.1:${await listen(server)}`;
  return { url, hits: () => hits, connections: () => connections };
}

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function get(url: string, options: Partial<TransportOptions>): Promise<unknown> {
  const transport = new Transport({ master: url, logger: silent, retry: { backoffBaseMs: 1 }, ...options });
  cleanups.push(() => transport.close());
  return transport.request('GET', '/api/v1/master');
}

describe('TLS verification', () => {
  it('trusts a master whose CA certificate is given as PEM', async () => {
    const master = await httpsMaster(pki.ipCert);
    await expect(get(master.url, { tls: { ca: pki.caPem } })).resolves.toEqual({ ok: true });
  });

  it('fails with a ConnectionError about the certificate without the CA, and does not retry', async () => {
    const master = await httpsMaster(pki.ipCert);
    const error: unknown = await get(master.url, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(
      /could not verify the TLS certificate of the master at https:\/\/127\.0\.0\.1:\d+/,
    );
    expect((error as Error).message).toMatch(/self[- ]signed certificate|unable to verify/);
    expect(master.hits()).toBe(0);
    expect(master.connections()).toBe(1);
  });

  it('accepts an untrusted certificate with noverify', async () => {
    const master = await httpsMaster(pki.ipCert);
    await expect(get(master.url, { tls: { noverify: true } })).resolves.toEqual({ ok: true });
  });

  it('checks the certificate against servername instead of the URL host', async () => {
    const master = await httpsMaster(pki.namedCert);
    const mismatch: unknown = await get(master.url, { tls: { ca: pki.caPem } }).catch((e: unknown) => e);
    expect(mismatch).toBeInstanceOf(ConnectionError);
    expect((mismatch as Error).message).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID|does not match certificate/);
    await expect(get(master.url, { tls: { ca: pki.caPem, servername: 'master.example' } })).resolves.toEqual({
      ok: true,
    });
    await expect(
      get(master.url, { tls: { ca: pki.caPem, servername: 'other.example' } }),
    ).rejects.toBeInstanceOf(ConnectionError);
  });

  it('keeps the default public roots when a PEM is added', () => {
    const { ca } = tlsConnectOptions({ ca: pki.caPem });
    expect(ca?.at(-1)).toBe(pki.caPem);
    expect(ca?.length).toBeGreaterThan(100);
  });

  it('rejects a CA together with noverify, and a CA that is not PEM', () => {
    expect(() => tlsConnectOptions({ ca: pki.caPem, noverify: true })).toThrow(InvalidArgumentError);
    expect(() => tlsConnectOptions({ ca: 'not a certificate' })).toThrow(/not PEM/);
  });
});

/** A CONNECT proxy recording the targets it tunnels to, closed after the test. */
async function connectProxy(): Promise<ConnectProxy> {
  const proxy = await startConnectProxy();
  cleanups.push(() => proxy.close());
  return proxy;
}

describe('proxies from the environment', () => {
  it('reads lower-case variables first and treats empty ones as unset', () => {
    expect(
      proxyEnv({ https_proxy: 'http://a', HTTPS_PROXY: 'http://b', HTTP_PROXY: 'http://c', NO_PROXY: 'x' }),
    ).toEqual({
      httpsProxy: 'http://a',
      httpProxy: 'http://c',
      noProxy: 'x',
    });
    expect(proxyEnv({ http_proxy: '' })).toEqual({ httpProxy: '', httpsProxy: '', noProxy: '' });
  });

  it('tunnels an https master through HTTPS_PROXY, still verifying with the given CA', async () => {
    const master = await httpsMaster(pki.ipCert);
    const proxy = await connectProxy();
    const dispatcher = createDispatcher({ ca: pki.caPem, env: { HTTPS_PROXY: proxy.url } });
    cleanups.push(() => dispatcher.close());
    await expect(get(master.url, { dispatcher })).resolves.toEqual({ ok: true });
    expect(proxy.targets).toEqual([master.url.replace('https://', '')]);
  });

  it('sends an http master through http_proxy unless NO_PROXY matches it', async () => {
    let hits = 0;
    const port = await listen(
      http.createServer((_req, res) => {
        hits += 1;
        res.end('{}');
      }),
    );
    const proxy = await connectProxy();
    const proxied = createDispatcher({ env: { http_proxy: proxy.url } });
    const direct = createDispatcher({ env: { http_proxy: proxy.url, NO_PROXY: '127.0.0.1' } });
    cleanups.push(
      () => proxied.close(),
      () => direct.close(),
    );
    await get(`http://127.0.0.1:${port}`, { dispatcher: proxied });
    expect(proxy.targets).toEqual([`127.0.0.1:${port}`]);
    await get(`http://127.0.0.1:${port}`, { dispatcher: direct });
    expect(proxy.targets).toHaveLength(1);
    expect(hits).toBe(2);
  });
});
