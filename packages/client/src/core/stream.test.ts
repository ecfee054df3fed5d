import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { collect } from './collect';
import { AbortError, NotFoundError, StreamError, TimeoutError } from './errors';
import type { Logger } from './logger';
import { Transport, type TransportOptions } from './transport';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, index: number) => void;

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function startServer(handler: Handler): Promise<{ url: string; count: () => number }> {
  let count = 0;
  const server = http.createServer((req, res) => handler(req, res, count++));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, count: () => count };
}

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function transportFor(url: string, options: Partial<TransportOptions> = {}): Transport {
  const transport = new Transport({ master: url, retry: { backoffBaseMs: 1 }, logger: silent, ...options });
  cleanups.push(() => transport.close());
  return transport;
}

function line(n: number): string {
  return `${JSON.stringify({ result: { n } })}\n`;
}

describe('Transport.stream', () => {
  it('yields each result and sends the request only when iteration starts', async () => {
    const server = await startServer((_req, res) => {
      res.write(line(1));
      res.end(line(2));
    });
    const stream = transportFor(server.url).stream('/api/v1/trials/1/logs');
    await delay(20);
    expect(server.count()).toBe(0);
    await expect(collect(stream)).resolves.toEqual([{ n: 1 }, { n: 2 }]);
    expect(server.count()).toBe(1);
  });

  it('throws StreamError when the server destroys the socket mid-body', async () => {
    const server = await startServer((_req, res) => {
      res.write(line(1));
      res.write('{"result":{"n":');
      setTimeout(() => res.socket?.destroy(), 30);
    });
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const value of transportFor(server.url).stream('/s')) seen.push(value);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([{ n: 1 }]);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamError).cause).toBeDefined();
  });

  it('throws StreamError when the body ends without a final newline', async () => {
    const server = await startServer((_req, res) => res.end(`${line(1)}{"result":{"n":2}}`));
    await expect(collect(transportFor(server.url).stream('/s'))).rejects.toThrow(
      /ended in the middle of line 2/,
    );
  });

  it('closes the connection when the consumer breaks out of the loop', async () => {
    let closed: () => void = () => undefined;
    const closedPromise = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const server = await startServer((_req, res) => {
      res.on('close', () => closed());
      const timer = setInterval(() => res.write(line(0)), 5);
      res.on('close', () => clearInterval(timer));
    });
    for await (const _value of transportFor(server.url).stream('/s')) break;
    await expect(Promise.race([closedPromise.then(() => 'closed'), delay(2000, 'still open')])).resolves.toBe(
      'closed',
    );
  });

  it('does not read ahead of a slow consumer (the server is held back by backpressure)', async () => {
    let written = 0;
    const payload = `${JSON.stringify({ result: 'x'.repeat(64 * 1024) })}\n`;
    const server = await startServer((_req, res) => {
      const pump = (): void => {
        while (written < 256 * 1024 * 1024) {
          written += payload.length;
          if (!res.write(payload)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    const iterator = transportFor(server.url).stream('/s')[Symbol.asyncIterator]();
    await iterator.next();
    await delay(300);
    expect(written).toBeLessThan(32 * 1024 * 1024);
    await iterator.return?.();
  });

  it('times out when no chunk arrives within idleTimeoutMs, but not while the consumer is busy', async () => {
    const server = await startServer((_req, res, index) => {
      res.write(line(1));
      if (index === 0) return; // stalls forever after the first line
      const timer = setInterval(() => res.write(line(2)), 20);
      setTimeout(() => {
        clearInterval(timer);
        res.end();
      }, 900);
    });
    const transport = transportFor(server.url);
    const stalled = collect(transport.stream('/s', { idleTimeoutMs: 200 }));
    await expect(stalled).rejects.toBeInstanceOf(TimeoutError);
    await expect(stalled).rejects.toThrow('stream /s received no data for 200 ms');
    let received = 0;
    // The consumer is busy for longer than the idle timeout: that time does not count.
    for await (const _value of transport.stream('/s', { idleTimeoutMs: 200 })) {
      received += 1;
      if (received === 1) await delay(500);
    }
    expect(received).toBeGreaterThan(2);
  });

  it('rejects with AbortError when the signal aborts mid-stream', async () => {
    const server = await startServer((_req, res) => res.write(line(1)));
    const controller = new AbortController();
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const value of transportFor(server.url).stream('/s', { signal: controller.signal })) {
        seen.push(value);
        setTimeout(() => controller.abort(new Error('enough')), 20);
      }
    })().catch((e: unknown) => e);
    expect(seen).toEqual([{ n: 1 }]);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toEqual(new Error('enough'));
  });

  it('maps an error status on open to the typed APIError, retrying 503 first', async () => {
    const server = await startServer((_req, res, index) => {
      res.writeHead(index === 0 ? 503 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'not found', code: 5, message: 'trial 9 not found' }));
    });
    await expect(collect(transportFor(server.url).stream('/api/v1/trials/9/logs'))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(server.count()).toBe(2);
  });
});
