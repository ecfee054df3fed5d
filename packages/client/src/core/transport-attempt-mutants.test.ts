import { getEventListeners } from 'node:events';
import { failure, json, startServer, transportFor } from '../testing/transport-harness';
import { AbortError, APIError, DeterminedError, InvalidArgumentError, TimeoutError } from './errors';

describe('Transport attempts', () => {
  it('names timeoutMs when a call sets an invalid one', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    const error = await failure(transportFor(server).request('GET', '/x', { timeoutMs: -1 }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/^timeoutMs must be/);
  });

  it('keeps a content type the caller gave in any letter case, adding no JSON one', async () => {
    const sent: string[] = [];
    const server = await startServer((req, res) => {
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        if (req.rawHeaders[i]?.toLowerCase() === 'content-type') sent.push(req.rawHeaders[i + 1] ?? '');
      }
      json(res, 200, {});
    });
    await transportFor(server).send('POST', '/x', {
      body: 'plain',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(sent).toStrictEqual(['text/plain']);
  });

  it('joins a path without a leading slash, or with several, to the base path by exactly one slash', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    const transport = transportFor({ url: `${server.url}/base` });
    await transport.request('GET', 'api/v1/me');
    await transport.request('GET', '///api/v1/me');
    expect(server.requests.map((seen) => seen.url)).toStrictEqual(['/base/api/v1/me', '/base/api/v1/me']);
  });

  it('gives a timed-out call a cause that says how long it waited', async () => {
    const server = await startServer(() => undefined);
    const error = await failure(
      transportFor(server, { retry: false }).request('GET', '/slow', { timeoutMs: 50 }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(((error as Error).cause as Error).message).toStrictEqual('no answer within 50 ms');
  });

  it('leaves no abort listener on the caller signal once a call is answered', async () => {
    const server = await startServer((_req, res) => json(res, 200, {}));
    const controller = new AbortController();
    await transportFor(server).request('GET', '/x', { signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toStrictEqual([]);
  });

  it('throws a 300 answer of a binary download as an error status instead of handing back its body', async () => {
    const server = await startServer((_req, res) => json(res, 300, { message: 'several choices' }));
    const error = await failure(transportFor(server).raw('GET', '/download'));
    expect(error).toBeInstanceOf(APIError);
    expect([(error as APIError).status, (error as APIError).serverMessage]).toStrictEqual([
      300,
      'several choices',
    ]);
  });

  it('bounds the gap between the body chunks of a binary download by timeoutMs', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write(Buffer.alloc(10));
    });
    const response = await transportFor(server).raw('GET', '/download', { timeoutMs: 100 });
    const error = await failure(
      (async () => {
        for await (const _chunk of response.body) {
          // drain until the stall
        }
      })(),
    );
    expect(error).toBeInstanceOf(DeterminedError);
  });

  it('turns a POST aborted while under way into AbortError, not a connection failure', async () => {
    const controller = new AbortController();
    const server = await startServer(() => controller.abort());
    const error = await failure(
      transportFor(server).request('POST', '/x', { body: { a: 1 }, signal: controller.signal }),
    );
    expect(error).toBeInstanceOf(AbortError);
  });
});
