import { AbortError, ConnectionError, DeterminedError, InvalidArgumentError, TimeoutError } from './errors';
import {
  abortErrorFrom,
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

const noTimers = { timedOut: false, aborted: false };
const coded = (code: string, message = 'boom'): Error => Object.assign(new Error(message), { code });
const context = { method: 'GET', path: '/api/v1/x', master: 'http://m:8080' };

describe('the default retry policy', () => {
  it('is exactly the Python SDK one', () => {
    expect(resolveRetryPolicy()).toStrictEqual({
      retries: 5,
      methods: ['GET', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'],
      statuses: [502, 503, 504],
      retryAfterStatuses: [413, 429, 503],
      backoffBaseMs: 500,
      backoffMaxMs: 120_000,
      jitter: 0.1,
    });
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY)).toBe(true);
  });

  it.each(['GET', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'])(
    'retries %s after the request was sent',
    (method) => {
      const policy = resolveRetryPolicy();
      expect(isRetryableFailure(policy, { method, phase: 'sent' })).toBe(true);
      expect(
        isRetryableStatus(policy, { method: method.toLowerCase(), status: 503, hasRetryAfter: false }),
      ).toBe(true);
    },
  );

  it.each(['POST', 'PATCH'])('retries %s only when nothing was sent', (method) => {
    const policy = resolveRetryPolicy();
    expect(isRetryableFailure(policy, { method, phase: 'sent' })).toBe(false);
    expect(isRetryableFailure(policy, { method, phase: 'connect' })).toBe(true);
  });

  it('retries 503 without Retry-After but 413 and 429 only with it', () => {
    const policy = resolveRetryPolicy();
    expect(isRetryableStatus(policy, { method: 'GET', status: 413, hasRetryAfter: false })).toBe(false);
    expect(isRetryableStatus(policy, { method: 'GET', status: 500, hasRetryAfter: true })).toBe(false);
  });
});

describe('resolveRetryPolicy', () => {
  it('layers later settings over earlier ones, ignoring undefined values, false meaning no retries', () => {
    expect(resolveRetryPolicy({ retries: 2 }, { retries: undefined, backoffBaseMs: 7 })).toMatchObject({
      retries: 2,
      backoffBaseMs: 7,
    });
    expect(resolveRetryPolicy({ retries: 3 }, false).retries).toBe(0);
    expect(resolveRetryPolicy(false, { retries: 4 }).retries).toBe(4);
    expect(resolveRetryPolicy(undefined, { methods: ['get'] }).methods).toStrictEqual(['GET']);
  });

  it.each([
    [{ retries: -1 }, 'retry.retries must be a non-negative integer, got -1'],
    [{ retries: 1.5 }, 'retry.retries must be a non-negative integer, got 1.5'],
    [
      { backoffBaseMs: -1 },
      'retry backoffBaseMs/backoffMaxMs must be within [0, 2147483647] and jitter within [0, 1]',
    ],
    [{ backoffBaseMs: 2 ** 31 }, 'within [0, 1]'],
    [{ backoffMaxMs: Number.POSITIVE_INFINITY }, 'within [0, 1]'],
    [{ backoffMaxMs: -1 }, 'within [0, 1]'],
    [{ backoffBaseMs: Number.NaN }, 'within [0, 1]'],
    [{ jitter: -0.01 }, 'within [0, 1]'],
    [{ jitter: 1.01 }, 'within [0, 1]'],
  ])('rejects %p', (layer, message) => {
    expect(() => resolveRetryPolicy(layer)).toThrow(InvalidArgumentError);
    expect(() => resolveRetryPolicy(layer)).toThrow(message);
  });

  it('accepts the boundaries 0 and 1', () => {
    expect(() =>
      resolveRetryPolicy({ retries: 0, backoffBaseMs: 0, backoffMaxMs: 0, jitter: 0 }),
    ).not.toThrow();
    expect(() => resolveRetryPolicy({ jitter: 1 })).not.toThrow();
  });
});

describe('backoffDelayMs', () => {
  const policy = resolveRetryPolicy({ backoffBaseMs: 100, backoffMaxMs: 1_000, jitter: 0.5 });

  it('retries at once the first time, then doubles from twice the base', () => {
    expect(backoffDelayMs(policy, 0, () => 0)).toBe(0);
    expect(backoffDelayMs(policy, 1, () => 0)).toBe(0);
    expect(backoffDelayMs(policy, 2, () => 0.5)).toBe(200);
    expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(400);
  });

  it('spreads by ±jitter and caps at backoffMaxMs', () => {
    expect(backoffDelayMs(policy, 2, () => 0)).toBe(100);
    expect(backoffDelayMs(policy, 2, () => 1)).toBe(300);
    expect(backoffDelayMs(policy, 5, () => 0.5)).toBe(1_000);
    expect(backoffDelayMs(resolveRetryPolicy({ jitter: 1, backoffBaseMs: 10 }), 2, () => 0)).toBe(0);
    const huge = resolveRetryPolicy({ backoffBaseMs: 2 ** 31 - 1, backoffMaxMs: 2 ** 31 - 1, jitter: 1 });
    expect(backoffDelayMs(huge, 1_100, () => 0.5)).toBe(2 ** 31 - 1);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds, with surrounding spaces', () => {
    expect(parseRetryAfter(' 5 ')).toBe(5_000);
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter('30')).toBe(30_000);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
  });

  it.each([undefined, '', '-1', '1.5', '2015-10-21', 'soon'])('ignores %p', (value) => {
    expect(parseRetryAfter(value, 0)).toBeUndefined();
  });
});

describe('classifyFailure', () => {
  it.each(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])(
    'treats undici %s as a timeout after sending',
    (code) => {
      expect(classifyFailure(coded(code), noTimers)).toStrictEqual({
        phase: 'sent',
        reason: 'timeout',
        description: `${code}: boom`,
      });
    },
  );

  it.each([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'EHOSTDOWN',
    'ENETDOWN',
    'EADDRNOTAVAIL',
    'UND_ERR_CONNECT_TIMEOUT',
  ])('treats %s as a failure to connect', (code) => {
    expect(classifyFailure(coded(code), noTimers)).toMatchObject({ phase: 'connect', reason: 'connect' });
  });

  it.each(['UND_ERR_INVALID_ARG', 'ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_VALUE', 'ERR_INVALID_CHAR'])(
    'treats %s as an invalid request, never retried',
    (code) => {
      expect(classifyFailure(coded(code), noTimers)).toMatchObject({ phase: 'final', reason: 'invalid' });
    },
  );

  it.each(['UND_ERR_CLOSED', 'UND_ERR_DESTROYED', 'UND_MOCK_ERR_MOCK_NOT_MATCHED'])(
    'treats %s as final',
    (code) => {
      expect(classifyFailure(coded(code), noTimers)).toMatchObject({ phase: 'final', reason: 'io' });
    },
  );

  it.each([
    'CERT_HAS_EXPIRED',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'HOSTNAME_MISMATCH',
  ])('treats %s as a certificate problem', (code) => {
    expect(classifyFailure(coded(code), noTimers)).toMatchObject({ phase: 'final', reason: 'certificate' });
  });

  it('finds the code up to four causes deep, not five', () => {
    const wrap = (cause: unknown): unknown => ({ message: 'wrapper', cause });
    expect(classifyFailure(wrap(wrap(wrap(coded('ECONNREFUSED')))), noTimers).reason).toBe('connect');
    expect(classifyFailure(wrap(wrap(wrap(wrap(coded('ECONNREFUSED'))))), noTimers).reason).toBe('io');
  });

  it('treats an unknown socket failure as possibly sent, our own errors as final', () => {
    expect(classifyFailure(coded('UND_ERR_SOCKET', 'other side closed'), noTimers)).toStrictEqual({
      phase: 'sent',
      reason: 'io',
      description: 'UND_ERR_SOCKET: other side closed',
    });
    expect(classifyFailure(new DeterminedError('x'), noTimers)).toMatchObject({
      phase: 'final',
      reason: 'invalid',
    });
    expect(classifyFailure('plain text', noTimers)).toStrictEqual({
      phase: 'sent',
      reason: 'io',
      description: 'plain text',
    });
  });

  it('does not repeat a code the message already names', () => {
    expect(classifyFailure(coded('ECONNRESET', 'read ECONNRESET'), noTimers).description).toBe(
      'read ECONNRESET',
    );
  });

  it('lets our own abort and timeout timers win over the error code', () => {
    expect(classifyFailure(coded('ECONNREFUSED'), { timedOut: true, aborted: true })).toMatchObject({
      phase: 'final',
      reason: 'abort',
    });
    expect(classifyFailure(coded('ECONNREFUSED'), { timedOut: true, aborted: false })).toMatchObject({
      phase: 'sent',
      reason: 'timeout',
    });
  });
});

describe('mapFailure', () => {
  it('names the timeout, or leaves it out when there was none', () => {
    const kind = { phase: 'sent', reason: 'timeout', description: 'x' } as const;
    expect(mapFailure(new Error('x'), kind, { ...context, timeoutMs: 250 }).message).toBe(
      'GET /api/v1/x timed out after 250 ms',
    );
    expect(mapFailure(new Error('x'), kind, { ...context, timeoutMs: null }).message).toBe(
      'GET /api/v1/x timed out',
    );
    expect(mapFailure(new Error('x'), kind, context)).toBeInstanceOf(TimeoutError);
  });

  it('explains certificate failures and unreachable masters', () => {
    const cert = mapFailure(
      new Error('x'),
      { phase: 'final', reason: 'certificate', description: 'CERT_HAS_EXPIRED' },
      context,
    );
    expect(cert).toBeInstanceOf(ConnectionError);
    expect(cert.message).toBe(
      'could not verify the TLS certificate of the master at http://m:8080: CERT_HAS_EXPIRED (trust its CA certificate, e.g. DET_MASTER_CERT_FILE, or use noverify)',
    );
    const io = mapFailure(new Error('x'), { phase: 'sent', reason: 'io', description: 'reset' }, context);
    expect(io).toBeInstanceOf(ConnectionError);
    expect(io.message).toBe('could not reach the master at http://m:8080 (GET /api/v1/x): reset');
  });

  it('passes our own errors through and wraps invalid requests', () => {
    const own = new InvalidArgumentError('bad');
    expect(mapFailure(own, { phase: 'final', reason: 'invalid', description: 'bad' }, context)).toBe(own);
    const wrapped = mapFailure(
      new Error('x'),
      { phase: 'final', reason: 'invalid', description: 'ERR_INVALID_CHAR: x' },
      context,
    );
    expect(wrapped).toBeInstanceOf(InvalidArgumentError);
    expect(wrapped.message).toBe('GET /api/v1/x could not be sent: ERR_INVALID_CHAR: x');
  });

  it('keeps the original failure as the cause of timeouts, invalid requests and signal-less aborts', () => {
    const original = new Error('original');
    const timeout = mapFailure(original, { phase: 'sent', reason: 'timeout', description: 'x' }, context);
    expect(timeout.cause).toBe(original);
    const invalid = mapFailure(original, { phase: 'final', reason: 'invalid', description: 'x' }, context);
    expect(invalid.cause).toBe(original);
    const aborted = mapFailure(original, { phase: 'final', reason: 'abort', description: 'x' }, context);
    expect(aborted).toBeInstanceOf(AbortError);
    expect(aborted.message).toBe('GET /api/v1/x was aborted');
    expect(aborted.cause).toBe(original);
  });

  it('gives AbortError with the signal reason as cause', () => {
    const controller = new AbortController();
    controller.abort('stop');
    const error = mapFailure(
      new Error('x'),
      { phase: 'final', reason: 'abort', description: 'x' },
      { ...context, signal: controller.signal },
    );
    expect(error).toBeInstanceOf(AbortError);
    expect(error.cause).toBe('stop');
    expect(abortErrorFrom(undefined).message).toBe('the request was aborted');
  });
});

describe('sleep', () => {
  it('rejects at once for an aborted signal and resolves at once for no delay', async () => {
    const controller = new AbortController();
    controller.abort('gone');
    await expect(sleep(1_000, controller.signal)).rejects.toMatchObject({
      name: 'AbortError',
      cause: 'gone',
    });
    await expect(sleep(0)).resolves.toBeUndefined();
    await expect(sleep(-5)).resolves.toBeUndefined();
  });

  it('rejects when aborted while sleeping and removes its listener after waking', async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort('late');
    await expect(pending).rejects.toMatchObject({ name: 'AbortError', cause: 'late' });
    const other = new AbortController();
    const remove = jest.spyOn(other.signal, 'removeEventListener');
    await sleep(1, other.signal);
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
  });
});
