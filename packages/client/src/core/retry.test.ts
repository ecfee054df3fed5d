import { AbortError, ConnectionError, InvalidArgumentError, TimeoutError } from './errors';
import {
  backoffDelayMs,
  classifyFailure,
  DEFAULT_RETRY_POLICY,
  isRetryableFailure,
  isRetryableStatus,
  mapFailure,
  parseRetryAfter,
  resolveRetryPolicy,
  sleep,
} from './retry';

describe('retry policy', () => {
  it('defaults to five retries on 502/503/504 for idempotent methods', () => {
    const policy = resolveRetryPolicy();
    expect(policy.retries).toBe(5);
    for (const status of [502, 503, 504]) {
      expect(isRetryableStatus(policy, { method: 'get', status, hasRetryAfter: false })).toBe(true);
    }
    for (const status of [400, 401, 403, 404, 409, 500]) {
      expect(isRetryableStatus(policy, { method: 'GET', status, hasRetryAfter: false })).toBe(false);
    }
  });

  it('never retries POST or PATCH on a status unless the caller opts in', () => {
    const policy = resolveRetryPolicy();
    expect(isRetryableStatus(policy, { method: 'POST', status: 503, hasRetryAfter: true })).toBe(false);
    expect(isRetryableStatus(policy, { method: 'PATCH', status: 504, hasRetryAfter: false })).toBe(false);
    const optIn = resolveRetryPolicy({ methods: ['GET', 'post'] });
    expect(isRetryableStatus(optIn, { method: 'POST', status: 504, hasRetryAfter: false })).toBe(true);
  });

  it('retries 413/429 only when Retry-After is present', () => {
    const policy = resolveRetryPolicy();
    expect(isRetryableStatus(policy, { method: 'GET', status: 429, hasRetryAfter: false })).toBe(false);
    expect(isRetryableStatus(policy, { method: 'GET', status: 429, hasRetryAfter: true })).toBe(true);
    expect(isRetryableStatus(policy, { method: 'GET', status: 413, hasRetryAfter: true })).toBe(true);
  });

  it('retries connect-phase failures for every method but sent-phase ones only for idempotent methods', () => {
    const policy = resolveRetryPolicy();
    expect(isRetryableFailure(policy, { method: 'POST', phase: 'connect' })).toBe(true);
    expect(isRetryableFailure(policy, { method: 'POST', phase: 'sent' })).toBe(false);
    expect(isRetryableFailure(policy, { method: 'GET', phase: 'sent' })).toBe(true);
  });

  it('layers options: false disables retries, later layers win, undefined fields are ignored', () => {
    expect(resolveRetryPolicy({ retries: 2 }, false).retries).toBe(0);
    expect(resolveRetryPolicy(false, { retries: 3 }).retries).toBe(3);
    expect(resolveRetryPolicy({ retries: 2 }, { backoffBaseMs: 1 }).retries).toBe(2);
    expect(resolveRetryPolicy({ retries: undefined }).retries).toBe(5);
  });

  it('rejects invalid settings with InvalidArgumentError', () => {
    expect(() => resolveRetryPolicy({ retries: -1 })).toThrow(InvalidArgumentError);
    expect(() => resolveRetryPolicy({ jitter: 2 })).toThrow(InvalidArgumentError);
  });
});

describe('backoffDelayMs', () => {
  const noJitter = { ...DEFAULT_RETRY_POLICY, jitter: 0 };

  it('is 0, 1, 2, 4, 8 seconds for retries 1..5 like urllib3 with backoff_factor 0.5', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(noJitter, n))).toEqual([0, 1000, 2000, 4000, 8000]);
  });

  it('caps the delay at backoffMaxMs', () => {
    expect(backoffDelayMs(noJitter, 20)).toBe(120_000);
  });

  it('spreads the delay by at most the jitter ratio', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, jitter: 0.1 };
    expect(backoffDelayMs(policy, 3, () => 0)).toBeCloseTo(1800);
    expect(backoffDelayMs(policy, 3, () => 1)).toBeCloseTo(2200);
  });
});

describe('parseRetryAfter', () => {
  it('parses delta seconds', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(' 0 ')).toBe(0);
  });

  it('parses an HTTP date relative to now', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
  });

  it('ignores missing or malformed values', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('-1')).toBeUndefined();
    expect(parseRetryAfter('soon-ish')).toBeUndefined();
  });
});

describe('sleep', () => {
  it('rejects with AbortError carrying the reason when the signal aborts', async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    const error: unknown = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toEqual(new Error('stop'));
  });

  it('resolves after the delay', async () => {
    const start = Date.now();
    await sleep(20);
    expect(Date.now() - start).toBeGreaterThanOrEqual(15);
  });
});

describe('classifyFailure and mapFailure', () => {
  const context = { method: 'GET', path: '/api/v1/me', master: 'https://m:443' };
  const coded = (code: string, message = code): Error => Object.assign(new Error(message), { code });
  const plain = { timedOut: false, aborted: false };

  it('treats refused connections and DNS failures as connect-phase (retryable for every method)', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'UND_ERR_CONNECT_TIMEOUT']) {
      expect(classifyFailure(coded(code), plain).phase).toBe('connect');
    }
  });

  it('treats resets and other socket errors as happening after the request was sent', () => {
    expect(classifyFailure(coded('ECONNRESET'), plain)).toMatchObject({ phase: 'sent', reason: 'io' });
    expect(classifyFailure(coded('UND_ERR_SOCKET'), plain)).toMatchObject({ phase: 'sent', reason: 'io' });
  });

  it('never retries certificate failures and reports them as ConnectionError naming the certificate', () => {
    const error = coded('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate');
    const kind = classifyFailure(error, plain);
    expect(kind).toMatchObject({ phase: 'final', reason: 'certificate' });
    const mapped = mapFailure(error, kind, context);
    expect(mapped).toBeInstanceOf(ConnectionError);
    expect(mapped.message).toMatch(
      /could not verify the TLS certificate of the master at https:\/\/m:443: DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate/,
    );
    expect(mapped.cause).toBe(error);
  });

  it('finds the code on a nested cause', () => {
    expect(classifyFailure(new Error('fetch failed', { cause: coded('ECONNREFUSED') }), plain).phase).toBe(
      'connect',
    );
  });

  it('lets our own timers decide: abort wins over timeout, which wins over the error code', () => {
    expect(classifyFailure(coded('ECONNREFUSED'), { timedOut: true, aborted: true }).reason).toBe('abort');
    expect(classifyFailure(coded('ECONNREFUSED'), { timedOut: true, aborted: false }).reason).toBe('timeout');
    const timeout = mapFailure(
      new Error('x'),
      classifyFailure(new Error('x'), { timedOut: true, aborted: false }),
      {
        ...context,
        timeoutMs: 10,
      },
    );
    expect(timeout).toBeInstanceOf(TimeoutError);
    expect(timeout.message).toBe('GET /api/v1/me timed out after 10 ms');
  });
});
