import { startRecordingServer } from './recording-server';
import { createTestSession } from './test-session';

describe('the recording test server with a test session', () => {
  it('records method, path, repeated query keys, headers and JSON body, and answers routes in order', async () => {
    const server = await startRecordingServer([
      {
        method: 'POST',
        path: '/api/v1/things',
        reply: [{ status: 400, json: { message: 'bad' } }, { json: { ok: 1 } }],
      },
      { method: 'GET', path: '/api/v1/lines', reply: { ndjson: [{ a: 1 }, { a: 2 }] } },
    ]);
    try {
      const session = createTestSession({ master: server.url });
      await session.login();
      const { transport } = session;
      await expect(transport.request('POST', '/api/v1/things', { body: { x: 1 } })).rejects.toThrow('bad');
      await expect(transport.request('POST', '/api/v1/things', { query: { ids: [1, 2] } })).resolves.toEqual({
        ok: 1,
      });
      const lines: unknown[] = [];
      for await (const line of transport.stream('/api/v1/lines')) lines.push(line);
      expect(lines).toEqual([{ a: 1 }, { a: 2 }]);
      expect(server.requests).toHaveLength(3);
      expect(server.requests[0]).toMatchObject({ method: 'POST', body: { x: 1 } });
      expect(server.requests[0]?.headers.authorization).toBe('Bearer token');
      expect(server.requestsTo('POST', '/api/v1/things')[1]?.query).toEqual({ ids: ['1', '2'] });
      await expect(transport.request('GET', '/api/v1/nothing')).rejects.toMatchObject({ status: 404 });
    } finally {
      await server.close();
    }
  });
});
