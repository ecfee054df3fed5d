import type http from 'node:http';
import { inspect } from 'node:util';
import { MockAgent } from 'undici';
import { z } from 'zod';
import { type RawHandler, type RawServer, startRawServer } from '../testing/raw-server';
import {
  AbortError,
  type APIError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  ValidationError,
} from './errors';
import type { Logger } from './logger';
import { Transport, type TransportOptions } from './transport';

const servers: RawServer[] = [];

async function startServer(handler: RawHandler): Promise<RawServer> {
  const started = await startRawServer(handler);
  servers.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function json(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (message: string, fields?: Record<string, unknown>): void => {
    lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  };
  return { lines, debug: record, info: record, warn: record, error: record };
}

const transports: Transport[] = [];

function transportFor(server: { url: string }, options: Partial<TransportOptions> = {}): Transport {
  const transport = new Transport({
    master: server.url,
    retry: { backoffBaseMs: 1 },
    logger: recordingLogger(),
    ...options,
  });
  transports.push(transport);
  return transport;
}

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('Transport retries', () => {
  it('succeeds after 504, 504, 200 with exactly 3 requests', async () => {
    const server = await startServer((_req, res, _seen, i) =>
      i < 2 ? json(res, 504, {}) : json(res, 200, { ok: 1 }),
    );
    await expect(transportFor(server).request('GET', '/api/v1/models/m')).resolves.toEqual({ ok: 1 });
    expect(server.requests).toHaveLength(3);
  });

  it.each([502, 503, 504])(
    'retries a GET answering %i five times (6 requests), then throws InternalServerError',
    async (status) => {
      const server = await startServer((_req, res) =>
        json(res, status, { error: 'busy', code: 14, message: 'busy' }),
      );
      const error = await failure(transportFor(server).request('GET', '/api/v1/models/m'));
      expect(server.requests).toHaveLength(6);
      expect(error).toBeInstanceOf(InternalServerError);
      expect((error as APIError).status).toBe(status);
    },
  );

  it('sends a POST answering 504 once (POST is not retried on a status)', async () => {
    const server = await startServer((_req, res) => json(res, 504, {}));
    const error = await failure(
      transportFor(server).request('POST', '/api/v1/models', { body: { name: 'm' } }),
    );
    expect(server.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(InternalServerError);
  });

  it('retries a POST on 504 when the caller opts in per call', async () => {
    const server = await startServer((_req, res, _seen, i) =>
      i < 1 ? json(res, 504, {}) : json(res, 200, {}),
    );
    await transportFor(server).request('POST', '/api/v1/x', { retry: { methods: ['POST'] } });
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    [400, BadRequestError],
    [404, NotFoundError],
    [500, InternalServerError],
  ])('does not retry %i (1 request)', async (status, ErrorClass) => {
    const server = await startServer((_req, res) =>
      json(res, status, { error: 'nope', code: 3, message: 'nope' }),
    );
    const error = await failure(transportFor(server).request('GET', '/api/v1/models/m'));
    expect(server.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(ErrorClass);
  });

  it('honours Retry-After in seconds on 503', async () => {
    const server = await startServer((_req, res, _seen, i) =>
      i < 1 ? json(res, 503, {}, { 'retry-after': '1' }) : json(res, 200, {}),
    );
    const started = Date.now();
    await transportFor(server).request('GET', '/x');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests).toHaveLength(2);
  });

  it('retries 429 only with Retry-After, and throws RateLimitError without it', async () => {
    const withHint = await startServer((_req, res, _seen, i) =>
      i < 1 ? json(res, 429, {}, { 'retry-after': '0' }) : json(res, 200, {}),
    );
    await transportFor(withHint).request('GET', '/x');
    expect(withHint.requests).toHaveLength(2);
    const without = await startServer((_req, res) => json(res, 429, {}));
    await expect(transportFor(without).request('GET', '/x')).rejects.toBeInstanceOf(RateLimitError);
    expect(without.requests).toHaveLength(1);
  });

  it('retries a refused connection for every method, then throws ConnectionError with the cause', async () => {
    const closed = await startServer(() => undefined);
    await closed.close();
    const logger = recordingLogger();
    const transport = transportFor(closed, { logger });
    const error = await failure(transport.request('POST', '/api/v1/auth/login', { body: { a: 1 } }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toMatch(
      /could not reach the master at http:\/\/127\.0\.0\.1:\d+ \(POST \/api\/v1\/auth\/login\): connect ECONNREFUSED/,
    );
    expect((error as ConnectionError).cause).toMatchObject({ code: 'ECONNREFUSED' });
    expect(logger.lines.filter((line) => line.includes('ECONNREFUSED'))).toHaveLength(6);
  });

  it('sends a request with retries disabled exactly once', async () => {
    const server = await startServer((_req, res) => json(res, 503, {}));
    await expect(transportFor(server).request('GET', '/x', { retry: false })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('retries a GET whose connection is reset (MockAgent), but not a POST', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const pool = agent.get('http://master.test:8080');
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    pool.intercept({ path: '/x', method: 'GET' }).replyWithError(reset).times(2);
    pool.intercept({ path: '/x', method: 'GET' }).reply(200, { ok: true });
    pool.intercept({ path: '/x', method: 'POST' }).replyWithError(reset);
    const transport = transportFor({ url: 'http://master.test:8080' }, { dispatcher: agent });
    await expect(transport.request('GET', '/x')).resolves.toEqual({ ok: true });
    await expect(transport.request('POST', '/x')).rejects.toBeInstanceOf(ConnectionError);
    agent.assertNoPendingInterceptors();
    await agent.close();
  });
});

describe('Transport timeouts and cancellation', () => {
  it('throws TimeoutError with a cause when the master does not answer in time', async () => {
    const server = await startServer((_req, res) => setTimeout(() => json(res, 200, {}), 2000).unref());
    const error = await failure(transportFor(server).request('POST', '/slow', { timeoutMs: 50 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe('POST /slow timed out after 50 ms');
    expect((error as TimeoutError).cause).toBeDefined();
    expect(server.requests).toHaveLength(1);
  });

  it('retries a timed-out GET like a read error', async () => {
    const server = await startServer((_req, res, _seen, i) =>
      i < 1 ? setTimeout(() => json(res, 200, {}), 2000).unref() : json(res, 200, { late: false }),
    );
    await expect(transportFor(server, { timeoutMs: 100 }).request('GET', '/slow')).resolves.toEqual({
      late: false,
    });
    expect(server.requests).toHaveLength(2);
  });

  it('disables the timeout per call with timeoutMs null', async () => {
    const server = await startServer((_req, res) =>
      setTimeout(() => json(res, 200, { done: true }), 150).unref(),
    );
    const transport = transportFor(server, { timeoutMs: 20 });
    await expect(transport.request('POST', '/slow', { timeoutMs: null })).resolves.toEqual({ done: true });
  });

  it('rejects with AbortError carrying the reason when the signal aborts mid-request', async () => {
    const server = await startServer(() => undefined);
    const controller = new AbortController();
    const pending = failure(transportFor(server).request('GET', '/hang', { signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('user cancelled')), 50);
    const error = await pending;
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toEqual(new Error('user cancelled'));
    expect(server.requests).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    const error = await failure(transportFor(server).request('GET', '/x', { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(0);
  });

  it('stops waiting between retries when aborted', async () => {
    const server = await startServer((_req, res) => json(res, 503, {}));
    const controller = new AbortController();
    const transport = transportFor(server, { retry: { backoffBaseMs: 10_000 } });
    const pending = failure(transport.request('GET', '/x', { signal: controller.signal }));
    setTimeout(() => controller.abort(), 200);
    await expect(pending).resolves.toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(2);
  });
});

describe('Transport requests and errors', () => {
  it('sends the bearer token, JSON body, query and master path prefix', async () => {
    const server = await startServer((_req, res) => json(res, 200, { id: 1 }));
    const transport = transportFor({ url: `${server.url}/prefix/` }, { token: () => 'tok' });
    await transport.request('PATCH', '/api/v1/models/a%20b', {
      query: { 'experimentIdFilter.incl': [1, 2], name: 'a b', archived: false, skip: null },
      body: { x: Number.NaN },
    });
    const [seen] = server.requests;
    expect(seen?.method).toBe('PATCH');
    expect(seen?.url).toBe(
      '/prefix/api/v1/models/a%20b?experimentIdFilter.incl=1&experimentIdFilter.incl=2&name=a+b&archived=false',
    );
    expect(seen?.headers.authorization).toBe('Bearer tok');
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.body).toBe('{"x":"NaN"}');
  });

  it('omits the Authorization header with auth: false and the body when it is empty', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    await transportFor(server, { token: () => 'tok' }).request('POST', '/api/v1/auth/login', {
      auth: false,
      body: {},
    });
    const [seen] = server.requests;
    expect(seen?.headers.authorization).toBeUndefined();
    expect(seen?.headers['content-type']).toBeUndefined();
    expect(seen?.body).toBe('');
  });

  it('maps runtimeError, {"message"} and gateway error bodies and keeps the request id', async () => {
    const bodies: Array<[number, unknown]> = [
      [404, { error: 'not found', code: 5, message: 'model m not found', details: [] }],
      [403, { message: 'invalid credentials' }],
      [401, { error: { code: 16, reason: 'Unauthenticated', error: 'invalid token' } }],
    ];
    const server = await startServer((_req, res, _seen, i) =>
      json(res, bodies[i]?.[0] ?? 500, bodies[i]?.[1], { 'x-request-id': `req-${i}` }),
    );
    const transport = transportFor(server);
    const notFound = (await failure(transport.request('GET', '/a?q=1'))) as NotFoundError;
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect(notFound.serverMessage).toBe('model m not found');
    expect(notFound.code).toBe(5);
    expect(notFound.path).toBe('/a');
    expect(notFound.requestId).toBe('req-0');
    const forbidden = (await failure(transport.request('GET', '/b'))) as PermissionDeniedError;
    expect(forbidden).toBeInstanceOf(PermissionDeniedError);
    expect(forbidden.serverMessage).toBe('invalid credentials');
    const unauthenticated = (await failure(transport.request('GET', '/c'))) as AuthenticationError;
    expect(unauthenticated).toBeInstanceOf(AuthenticationError);
    expect(unauthenticated.serverMessage).toBe('invalid token');
    expect(unauthenticated.code).toBe(16);
  });

  it('uses the raw text as the message of a non-JSON error body', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(502);
      res.end('Bad Gateway\n');
    });
    const error = (await failure(transportFor(server, { retry: false }).request('GET', '/x'))) as APIError;
    expect(error.serverMessage).toBe('Bad Gateway');
    expect(error.message).toBe('GET /x failed with HTTP 502: Bad Gateway');
  });

  it('follows redirects', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/old') {
        res.writeHead(302, { location: '/new' });
        res.end();
      } else json(res, 200, { at: req.url });
    });
    await expect(transportFor(server).request('GET', '/old')).resolves.toEqual({ at: '/new' });
  });

  it('never shows the token in errors, logs or inspect output', async () => {
    const secret = 'sekrit-token-123';
    const server = await startServer((_req, res) => json(res, 401, { error: 'unauthenticated', code: 16 }));
    const logger = recordingLogger();
    const transport = transportFor(server, { token: () => secret, logger });
    const apiError = await failure(transport.request('GET', '/x'));
    const closed = await startServer(() => undefined);
    await closed.close();
    const connError = await failure(
      transportFor(closed, { token: () => secret, retry: false }).request('GET', '/x'),
    );
    for (const shown of [
      inspect(apiError, { depth: 10, showHidden: true }),
      inspect(connError, { depth: 10, showHidden: true }),
      String(apiError),
      String(connError),
      JSON.stringify(apiError),
      inspect(transport, { depth: 10, showHidden: true }),
      JSON.stringify(transport),
      logger.lines.join('\n'),
    ]) {
      expect(shown).not.toContain(secret);
    }
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${secret}`);
  });

  it('keeps the token out of a dispatcher error that echoes the request headers', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get('http://master.test:8080')
      .intercept({ path: '/x', method: 'GET', headers: { 'x-never': 'sent' } })
      .reply(200, {});
    const transport = transportFor(
      { url: 'http://master.test:8080' },
      { dispatcher: agent, token: () => 'echoed-secret' },
    );
    const error = await failure(transport.request('GET', '/x'));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/not matched for headers/);
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain('echoed-secret');
    await agent.close();
  });

  it('logs each attempt at debug with method, path, status, duration and retry count', async () => {
    const server = await startServer((_req, res, _seen, i) =>
      i < 1 ? json(res, 503, {}) : json(res, 200, {}),
    );
    const logger = recordingLogger();
    await transportFor(server, { logger }).request('GET', '/api/v1/me');
    expect(logger.lines).toHaveLength(2);
    expect(logger.lines[0]).toMatch(
      /^GET \/api\/v1\/me 503 \{"method":"GET","path":"\/api\/v1\/me","status":503,"retry":0,"durationMs":\d+\}$/,
    );
    expect(logger.lines[1]).toMatch(/"status":200,"retry":1/);
  });

  it('validates responses against a named schema: warn by default, strict throws', async () => {
    const server = await startServer((_req, res) => json(res, 200, { id: 'x', extra: 1 }));
    const logger = recordingLogger();
    const schemas = { v1Thing: z.looseObject({ id: z.number() }) };
    const transport = transportFor(server, { schemas, logger });
    await expect(transport.request('GET', '/t', { schema: 'v1Thing' })).resolves.toEqual({
      id: 'x',
      extra: 1,
    });
    expect(logger.lines.filter((l) => l.includes('does not match v1Thing'))).toHaveLength(2);
    await expect(
      transport.request('GET', '/t', { schema: 'v1Thing', validate: 'strict' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('hands back the body of a binary download as a stream', async () => {
    const payload = Buffer.alloc(3 * 1024 * 1024, 7);
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/gzip' });
      res.end(payload);
    });
    const response = await transportFor(server).raw('GET', '/checkpoints/abc');
    const chunks: Buffer[] = [];
    for await (const chunk of response.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(payload)).toBe(true);
    expect(response.headers['content-type']).toBe('application/gzip');
  });

  it('turns a download cut mid-body into ConnectionError', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-length': '1000000' });
      res.write(Buffer.alloc(1000));
      setTimeout(() => res.destroy(), 20);
    });
    const response = await transportFor(server).raw('GET', '/checkpoints/abc');
    const error = await failure(
      (async () => {
        for await (const _chunk of response.body) {
          // drain
        }
      })(),
    );
    expect(error).toBeInstanceOf(ConnectionError);
  });
});
