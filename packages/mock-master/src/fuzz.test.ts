import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { createPrng } from './rng';
import { type FuzzRequest, generateFuzzRequests } from './testing/fuzz-requests';
import { startForTest } from './testing/start-for-test';

const COUNT = 3000;
const CONCURRENCY = 8;
const harness = startForTest({ seed: 42, speed: 100 });

interface Outcome {
  request: FuzzRequest;
  status: number | null;
  body: string;
  error?: string;
}

function send(agent: Agent, base: string, token: string, req: FuzzRequest): Promise<Outcome> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {
      ...req.headers,
      ...(req.authenticated ? { authorization: `Bearer ${token}` } : {}),
    };
    // Node's client frames DELETE/OPTIONS bodies only with an explicit length.
    if (req.body) headers['content-length'] = String(req.body.length);
    const outgoing = request(
      `${base}${req.path}`,
      { method: req.method, headers, agent, timeout: 15_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ request: req, status: res.statusCode ?? null, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', (error) =>
          resolve({ request: req, status: res.statusCode ?? null, body: '', error: error.message }),
        );
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.on('error', (error) => resolve({ request: req, status: null, body: '', error: error.message }));
    outgoing.end(req.body);
  });
}

async function sendAll(requests: readonly FuzzRequest[], token: string): Promise<Outcome[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const req = requests[next++];
      if (req) outcomes.push(await send(agent, harness.url, token, req));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return outcomes;
}

function rawExchange(port: number, payload: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(payload));
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
    });
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => socket.destroy(new Error('raw exchange timed out')));
  });
}

/** The message of an error body: the master's `{"error": {"error"}}` or an echo route's `{"message"}`. */
function errorText(body: string): string {
  const parsed = JSON.parse(body) as { error?: { error?: string }; message?: string };
  return parsed.error?.error ?? parsed.message ?? '';
}

function describeOutcome(o: Outcome): string {
  return `${o.request.method} ${o.request.path.slice(0, 120)} -> ${o.status ?? o.error} ${o.body.slice(0, 200)}`;
}

describe('fuzzing the mock master', () => {
  let outcomes: Outcome[] = [];

  function isMasterPlainError(status: number, body: string): boolean {
    if (status !== 500) return false;
    try {
      const error = (JSON.parse(body) as { error?: { code?: unknown; error?: unknown } }).error;
      return (
        error?.code === 13 && typeof error.error === 'string' && !error.error.startsWith('internal error:')
      );
    } catch {
      return false;
    }
  }

  beforeAll(async () => {
    const token = await harness.login('admin');
    outcomes = await sendAll(generateFuzzRequests(createPrng(20240601), COUNT), token);
  }, 180_000);

  it(`answers every one of ${COUNT} random requests with an HTTP status`, () => {
    expect(outcomes).toHaveLength(COUNT);
    expect(outcomes.filter((o) => o.status === null).map(describeOutcome)).toEqual([]);
  });

  it('never fails internally: junk gets a 4xx, a 501 for operations the mock does not simulate, or the Internal answer the master itself gives', () => {
    // The master answers some refusals with a plain Go error (Internal, HTTP 500, its own
    // message, e.g. archiving the immutable default workspace); a crash of the mock is the
    // 500 whose message starts with "internal error:".
    const crashes = outcomes.filter(
      (o) =>
        o.status !== null && o.status >= 500 && o.status !== 501 && !isMasterPlainError(o.status, o.body),
    );
    expect(crashes.map(describeOutcome)).toEqual([]);
  });

  it("answers every 400 with the master's error body (InvalidArgument or FailedPrecondition)", () => {
    const bad = outcomes.filter((o) => o.status === 400 && o.request.method !== 'HEAD');
    expect(bad.length).toBeGreaterThan(COUNT / 10);
    const malformed = bad.filter((o) => {
      try {
        const body = JSON.parse(o.body) as { error?: Record<string, unknown>; message?: unknown };
        // Echo routes (outside /api/) answer {"message"} like the master's echo server.
        if (!o.request.path.startsWith('/api/')) return typeof body.message !== 'string';
        const error = body.error ?? {};
        return !(
          ((error.code === 3 && error.reason === 'InvalidArgument') ||
            (error.code === 9 && error.reason === 'FailedPrecondition')) &&
          typeof error.error === 'string'
        );
      } catch {
        return true;
      }
    });
    expect(malformed.map(describeOutcome)).toEqual([]);
  });

  it('names the offending path parameter, query parameter or body field in the 400', () => {
    const defects = outcomes.filter((o) => o.request.expectNamed !== undefined);
    expect(defects.length).toBeGreaterThan(COUNT / 5);
    const unnamed = defects.filter(
      (o) => o.status !== 400 || !errorText(o.body).includes(o.request.expectNamed ?? ''),
    );
    expect(unnamed.map((o) => `${describeOutcome(o)} (expected ${o.request.expectNamed})`)).toEqual([]);
  });

  it('answers raw garbage on the socket with an HTTP error', async () => {
    const port = harness.mock.port;
    const garbage = [
      Buffer.from('NOT HTTP AT ALL\r\n\r\n'),
      Buffer.concat([
        Buffer.from('GET /api/v1/'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n'),
      ]),
      Buffer.from(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`),
      Buffer.from(
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n',
      ),
    ];
    for (const payload of garbage) {
      expect(await rawExchange(port, payload)).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
  });

  it('keeps serving after the barrage', async () => {
    const res = await fetch(`${harness.url}/health`);
    expect(res.status).toBe(200);
  });
});
