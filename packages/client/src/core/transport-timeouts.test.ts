import { failure, json, startServer, transportFor } from '../testing/transport-harness';
import { AbortError, TimeoutError } from './errors';

describe('Transport timeouts and cancellation', () => {
  it('throws TimeoutError with a cause when the master does not answer in time', async () => {
    const server = await startServer((_req, res) => setTimeout(() => json(res, 200, {}), 2000).unref());
    // Long enough for a cold worker to deliver the request, far shorter than the server's delay.
    const error = await failure(transportFor(server).request('POST', '/slow', { timeoutMs: 400 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe('POST /slow timed out after 400 ms');
    expect((error as TimeoutError).cause).toBeDefined();
    expect(server.requests).toHaveLength(1);
  });

  it('retries a timed-out GET like a read error', async () => {
    const server = await startServer((_req, res, _seen, i) =>
      i < 1 ? setTimeout(() => json(res, 200, {}), 2000).unref() : json(res, 200, { late: false }),
    );
    await expect(transportFor(server, { timeoutMs: 400 }).request('GET', '/slow')).resolves.toEqual({
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
