import { json, startServer, transportFor } from '../testing/transport-harness';
import { APIError, InvalidArgumentError } from './errors';
import type { Logger } from './logger';

/** A logger keeping each debug call as its message and fields. */
function debugLog(): Logger & { calls: [string, Record<string, unknown> | undefined][] } {
  const calls: [string, Record<string, unknown> | undefined][] = [];
  const ignore = (): void => undefined;
  return {
    calls,
    debug: (message, fields) => {
      calls.push([message, fields]);
    },
    info: ignore,
    warn: ignore,
    error: ignore,
  };
}

describe('Transport outcomes', () => {
  it('treats a 300 answer as an error status, with its request id, body and attempt count', async () => {
    const server = await startServer((_req, res) =>
      json(res, 300, { message: 'several choices' }, { 'x-request-id': 'req-300' }),
    );
    const error = await transportFor(server)
      .request('GET', '/choices')
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(APIError);
    const apiError = error as APIError;
    expect({
      status: apiError.status,
      method: apiError.method,
      path: apiError.path,
      requestId: apiError.requestId,
      attempts: apiError.attempts,
      serverMessage: apiError.serverMessage,
    }).toStrictEqual({
      status: 300,
      method: 'GET',
      path: '/choices',
      requestId: 'req-300',
      attempts: 1,
      serverMessage: 'several choices',
    });
  });

  it('never retries a GET that could not be sent, and logs its one failed attempt with the reason', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    const logger = debugLog();
    const call = transportFor(server, { logger }).request('GET', '/bad-header', {
      headers: { 'x-bad': 'line\nbreak' },
    });
    await expect(call).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
    expect(logger.calls).toHaveLength(1);
    const [message, fields] = logger.calls[0] ?? ['', undefined];
    const reason = fields?.error;
    expect(typeof reason).toBe('string');
    expect(message).toBe(`GET /bad-header failed: ${String(reason)}`);
    expect(fields).toStrictEqual({
      method: 'GET',
      path: '/bad-header',
      error: reason,
      retry: 0,
      durationMs: expect.any(Number),
    });
  });
});
