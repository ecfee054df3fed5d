import { once } from 'node:events';
import type { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { inspect } from 'node:util';
import { z } from 'zod';
import { failure, json, recordingLogger, startServer, transportFor } from '../testing/transport-harness';
import { DeterminedError, InvalidArgumentError, NotFoundError, ValidationError } from './errors';
import { Transport } from './transport';
import { USER_AGENT } from './user-agent';

describe('Transport construction', () => {
  it('refuses a master that is not a URL, keeping the parser error as cause', () => {
    let error: unknown;
    try {
      new Transport({ master: 'not a url' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toBe('invalid master URL: not a url');
    expect((error as Error).cause).toBeDefined();
  });

  it('drops every trailing slash of the master and shows only it', () => {
    const transport = new Transport({ master: 'http://127.0.0.1:9/base///' });
    expect(transport.master).toBe('http://127.0.0.1:9/base');
    expect(inspect(transport)).toBe('Transport { master: "http://127.0.0.1:9/base" }');
    expect(JSON.parse(JSON.stringify(transport))).toStrictEqual({ master: 'http://127.0.0.1:9/base' });
  });

  it('names timeoutMs when it is invalid', () => {
    expect(() => new Transport({ master: 'http://127.0.0.1:9', timeoutMs: -1 })).toThrow(
      /^timeoutMs must be/,
    );
  });
});

describe('Transport requests', () => {
  it('sends the SDK user agent next to the client-wide headers, below a base path with several slashes', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    await transportFor({ url: `${server.url}/base//` }, { headers: { 'x-extra': '1' } }).request(
      'GET',
      '/api/v1/me',
    );
    const [seen] = server.requests;
    expect(seen?.headers['user-agent']).toBe(USER_AGENT);
    expect(seen?.headers['x-extra']).toBe('1');
    expect(seen?.url).toBe('/base/api/v1/me');
  });

  it('reads a blank body as no data and names the upper-cased method when a body is not JSON', async () => {
    const bodies = [' \n ', 'not json'];
    const server = await startServer((_req, res, _seen, i) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(bodies[i]);
    });
    const transport = transportFor(server);
    await expect(transport.request('get', '/blank')).resolves.toBeUndefined();
    const error = await failure(transport.request('get', '/bad'));
    expect(error).toBeInstanceOf(DeterminedError);
    expect((error as Error).message).toBe('GET /bad answered with a body that is not JSON');
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it('hands back status, headers and text from send', async () => {
    const server = await startServer((_req, res) => json(res, 201, { ok: true }, { 'x-id': '7' }));
    const answer = await transportFor(server).send('POST', '/x', { body: '{}' });
    expect(answer.status).toBe(201);
    expect(answer.headers['x-id']).toBe('7');
    expect(answer.text).toBe('{"ok":true}');
    expect(Object.keys(answer).sort()).toStrictEqual(['headers', 'status', 'text']);
  });
});

describe('Transport.validate', () => {
  const MASTER = 'http://127.0.0.1:9';
  const schemas = { Thing: z.object({ a: z.number() }) };

  it('checks nothing at all with mode off, not even the schema name', () => {
    const transport = new Transport({ master: MASTER, schemas });
    expect(() => transport.validate('junk', 'NoSuchSchema', 'GET /x', 'off')).not.toThrow();
  });

  it('validates against a named schema, and refuses an unknown name', () => {
    const transport = new Transport({ master: MASTER, schemas });
    expect(() => transport.validate({ a: 1 }, 'Thing', 'GET /x', 'strict')).not.toThrow();
    expect(() => transport.validate({ a: 'x' }, 'Thing', 'GET /x', 'strict')).toThrow(ValidationError);
    expect(() => transport.validate({ a: 1 }, 'Nope', 'GET /x', 'strict')).toThrow(
      new InvalidArgumentError('unknown response schema "Nope"'),
    );
  });

  it('validates against a zod schema given as such, calling it "its schema"', () => {
    const transport = new Transport({ master: MASTER });
    expect(() => transport.validate({ a: 'x' }, schemas.Thing, 'GET /x', 'strict')).toThrow(ValidationError);
    expect(() => transport.validate({ a: 'x' }, schemas.Thing, 'GET /x', 'strict')).toThrow(
      /^response of GET \/x does not match its schema: a: /,
    );
  });

  it('reports a named schema before the schemas are loaded: strict throws, warn logs once', () => {
    const logger = recordingLogger();
    const transport = new Transport({ master: MASTER, logger, validate: 'warn' });
    const message = "response of GET /x not validated: the spec's schemas are not loaded";
    expect(() => transport.validate({}, 'Thing', 'GET /x', 'strict')).toThrow(new DeterminedError(message));
    transport.validate({}, 'Thing', 'GET /x');
    transport.validate({}, 'Thing', 'GET /x');
    expect(logger.lines.filter((line) => line.includes('not validated'))).toHaveLength(1);
  });
});

describe('Transport connections', () => {
  it('close() ends the kept-alive connection to the master', async () => {
    let socket: Socket | undefined;
    const server = await startServer((req, res) => {
      socket = req.socket;
      json(res, 200, {});
    });
    const transport = transportFor(server);
    await transport.request('GET', '/x');
    expect(socket?.destroyed).toBe(false);
    await transport.close();
    const closed = socket?.destroyed ? Promise.resolve() : once(socket as Socket, 'close');
    await expect(Promise.race([closed.then(() => 'closed'), delay(2_000, 'still open')])).resolves.toBe(
      'closed',
    );
  });

  it('logs the duration of each attempt, never more than the whole call took', async () => {
    const server = await startServer((_req, res) => {
      setTimeout(() => json(res, 200, {}), 20);
    });
    const logger = recordingLogger();
    const before = performance.now();
    await transportFor(server, { logger }).request('GET', '/x');
    const elapsed = performance.now() - before;
    const [line] = logger.lines;
    const { durationMs } = JSON.parse(line?.slice(line.indexOf('{')) ?? '{}') as { durationMs: number };
    expect(durationMs).toBeGreaterThanOrEqual(0);
    expect(durationMs).toBeLessThanOrEqual(Math.ceil(elapsed));
  });
});

describe('Transport failures', () => {
  it('count the attempts of a call that was not retried', async () => {
    const server = await startServer((_req, res) => json(res, 404, { message: 'gone' }));
    const error = await failure(transportFor(server).request('GET', '/x'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).attempts).toBe(1);
  });
});
