import { MockAgent } from 'undici';
import { failure, json, recordingLogger, startServer, transportFor } from '../testing/transport-harness';
import {
  type APIError,
  BadRequestError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
} from './errors';

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
