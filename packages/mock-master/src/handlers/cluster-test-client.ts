import type { MockForTest } from '../testing/start-for-test';

/** An answer of the mock: status and parsed JSON body. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Small HTTP helpers over a test mock, logged in as a given user. */
export interface TestClient {
  call(method: string, path: string, body?: unknown): Promise<Answer>;
  /** Like `call` but fails unless the answer is 200. */
  json(method: string, path: string, body?: unknown): Promise<Record<string, unknown>>;
  /** The parsed lines of an NDJSON stream (each `{result}` unwrapped). */
  lines(path: string): Promise<unknown[]>;
}

/** A client of `env` for `username` (log in from a `beforeAll`). */
export function testClient(env: MockForTest, username = 'admin'): TestClient & { login(): Promise<void> } {
  let token = '';
  const call = async (method: string, path: string, body?: unknown): Promise<Answer> => {
    const res = await fetch(`${env.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  };
  return {
    async login() {
      token = await env.login(username);
    },
    call,
    async json(method, path, body) {
      const answer = await call(method, path, body);
      if (answer.status !== 200)
        throw new Error(`${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async lines(path) {
      const res = await fetch(`${env.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${text}`);
      return text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => (JSON.parse(l) as { result: unknown }).result);
    },
  };
}
