import { MockHttpError } from '../errors';
import { startTestServer, type TestServer } from '../testing/test-server';
import type { Handler } from './types';

const labels: Handler = () => ({ json: { labels: ['a', 'b'] } });
const echoModel: Handler = (req) => ({
  json: {
    model: {
      name: (req.body as { name: string }).name,
      description: '',
      metadata: {},
      creationTime: '2024-01-01T00:00:00Z',
      lastUpdatedTime: '2024-01-01T00:00:00Z',
      id: 1,
      numVersions: 0,
      labels: [],
      username: req.user?.username ?? '',
      userId: req.user?.id ?? 0,
      archived: false,
      notes: '',
      workspaceId: 1,
    },
  },
});
const failing: Handler = () => {
  throw new MockHttpError(404, 5, 'experiment 7 not found');
};
const crashing: Handler = () => {
  throw new Error('boom');
};

let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer({
    handlers: {
      GetExperimentLabels: labels,
      PostModel: echoModel,
      GetExperiment: failing,
      GetModel: crashing,
    },
  });
  token = await server.login();
});
afterAll(async () => {
  await server.close();
});

function get(path: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
}

function post(path: string, body: string) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${token}` },
  });
}

describe('routing and errors', () => {
  it('ignores unknown query parameters like the master, and rejects them naming the key when strict', async () => {
    const lenient = await startTestServer({ strictQuery: false });
    try {
      const answer = await fetch(`${lenient.url}/api/v1/master?cacheBuster=1`);
      expect(answer.status).toBe(200);
    } finally {
      await lenient.close();
    }
    const strict = await fetch(`${server.url}/api/v1/master?cacheBuster=1`);
    expect(strict.status).toBe(400);
    expect(await strict.json()).toMatchObject({
      error: { code: 3, error: expect.stringContaining('"cacheBuster"') },
    });
  });

  it('answers unknown routes with 404 and an echo {"message"} body, like the master', async () => {
    const res = await get('/api/v1/does-not-exist');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'Not Found' });
    const outside = await get('/nowhere/at/all');
    expect(outside.status).toBe(404);
    expect(await outside.json()).toEqual({ message: 'Not Found' });
  });

  it('answers a known path with a wrong method with 405 and an Allow header', async () => {
    const res = await fetch(`${server.url}/api/v1/experiments/1`, { method: 'PUT', body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('DELETE, GET, PATCH');
    expect(await res.json()).toEqual({ message: 'Method Not Allowed' });
  });

  it('answers operations without a handler with 501 Unimplemented', async () => {
    const res = await get('/api/v1/agents');
    expect(res.status).toBe(501);
    expect(await res.json()).toEqual({
      error: {
        code: 12,
        reason: 'Unimplemented',
        error: 'GetAgents is not implemented by the mock master',
      },
    });
  });

  it("turns a MockHttpError from a handler into the master's error body (not the spec's runtimeError)", async () => {
    const res = await get('/api/v1/experiments/7');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      error: { code: 5, reason: 'NotFound', error: 'experiment 7 not found' },
    });
  });

  it('turns an unexpected handler exception into a 500 Internal error', async () => {
    const res = await get('/api/v1/models/x');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: { code: 13, reason: 'Internal', error: 'internal error: boom' },
    });
  });

  it('sets x-request-id on every response, echoing a well-formed client id', async () => {
    const generated = await get('/api/v1/experiment/labels');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await get('/api/v1/experiment/labels', { 'x-request-id': 'abc-123' });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123');
    const notFound = await get('/nowhere', { 'x-request-id': 'bad id with spaces' });
    expect(notFound.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('request validation', () => {
  it('rejects a non-integer path parameter, naming it', async () => {
    const res = await get('/api/v1/experiments/abc');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: 3,
        reason: 'InvalidArgument',
        error: 'invalid value "abc" for path parameter experimentId: expected int32',
      },
    });
  });

  it('rejects a malformed query value, naming the parameter', async () => {
    const res = await get('/api/v1/users?limit=-x');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 3, error: 'invalid value "-x" for query parameter limit: expected int32' },
    });
  });

  it('validates before authenticating, like the gateway', async () => {
    const res = await fetch(`${server.url}/api/v1/experiments/abc`);
    expect(res.status).toBe(400);
  });

  it('rejects a body field of the wrong type, naming the field', async () => {
    const res = await post('/api/v1/models', JSON.stringify({ name: 5 }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { error: string } };
    expect(body.error.error).toMatch(/^invalid value 5 for body field name: /);
  });

  it('rejects a body missing a required field, naming the field', async () => {
    const res = await post('/api/v1/models', JSON.stringify({ description: 'x' }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { error: string } }).error.error).toMatch(
      /^missing or invalid body field name: /,
    );
  });

  it('rejects nested wrong types with the full field path', async () => {
    const res = await post('/api/v1/models', JSON.stringify({ name: 'm', labels: ['ok', 3] }));
    expect(((await res.json()) as { error: { error: string } }).error.error).toMatch(
      /body field labels\[1\]: /,
    );
  });

  it('rejects malformed JSON and invalid UTF-8 with 400', async () => {
    const malformed = await post('/api/v1/models', '{"name": ');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { error: string } }).error.error).toMatch(
      /^invalid request body: /,
    );
    const invalidUtf8 = await fetch(`${server.url}/api/v1/models`, {
      method: 'POST',
      body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      headers: { authorization: `Bearer ${token}` },
    });
    expect(invalidUtf8.status).toBe(400);
    expect(await invalidUtf8.json()).toMatchObject({
      error: { error: 'invalid request body: not valid UTF-8' },
    });
  });

  it('accepts a valid body and passes it to the handler', async () => {
    const res = await post('/api/v1/models', JSON.stringify({ name: 'mnist', labels: ['x'] }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ model: { name: 'mnist', username: 'determined' } });
  });

  it('answers 413 for a body above the limit', async () => {
    const small = await startTestServer({ bodyLimitBytes: 16 });
    try {
      const res = await fetch(`${small.url}/api/v1/auth/login`, {
        method: 'POST',
        body: JSON.stringify({ username: 'determined', password: 'x'.repeat(64) }),
      });
      expect(res.status).toBe(413);
    } finally {
      await small.close();
    }
  });
});

describe('authentication', () => {
  it('answers 401 without a token and with an unknown token', async () => {
    const missing = await fetch(`${server.url}/api/v1/experiment/labels`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: 16, reason: 'Unauthenticated' } });
    const bad = await get('/api/v1/experiment/labels', { authorization: 'Bearer v2.public.nope' });
    expect(bad.status).toBe(401);
  });

  it('requires a session for operations without a handler too', async () => {
    expect((await fetch(`${server.url}/api/v1/agents`)).status).toBe(401);
  });

  it('lets /health, GET /api/v1/master and login through without a token', async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/master`)).status).toBe(200);
  });

  it('accepts the web UI auth cookie as the session token', async () => {
    const res = await fetch(`${server.url}/api/v1/me`, { headers: { cookie: `other=1; auth=${token}` } });
    expect(res.status).toBe(200);
  });
});

describe('oversized requests', () => {
  it('answers huge headers with 431 and an echo {"message"} body', async () => {
    const res = await fetch(`${server.url}/health`, { headers: { 'x-big': 'a'.repeat(40_000) } });
    expect(res.status).toBe(431);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(await res.json()).toEqual({ message: 'Request Header Fields Too Large' });
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

afterAll(() => {
  expect(server.responseViolations).toEqual([]);
});
