import { inspect } from 'node:util';
import { MockAgent } from 'undici';
import { z } from 'zod';
import { failure, json, recordingLogger, startServer, transportFor } from '../testing/transport-harness';
import {
  type APIError,
  AuthenticationError,
  ConnectionError,
  NotFoundError,
  PermissionDeniedError,
  ValidationError,
} from './errors';

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
    expect(unauthenticated.reason).toBe('Unauthenticated');
    expect(notFound.reason).toBeUndefined();
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

  it('turns a download cut mid-body into ConnectionError naming the upper-cased method, the path and the master', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-length': '1000000' });
      res.write(Buffer.alloc(1000));
      setTimeout(() => res.destroy(), 20);
    });
    const response = await transportFor(server).raw('get', '/checkpoints/abc');
    const error = await failure(
      (async () => {
        for await (const _chunk of response.body) {
          // drain
        }
      })(),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain('GET /checkpoints/abc');
    expect((error as Error).message).toContain(server.url);
  });
});
