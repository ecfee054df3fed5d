import { isSensitiveKey, REDACTED, redact, redactFields, redactString } from './redact';

describe('redactString', () => {
  it.each([
    ['Authorization: Bearer v2.public.abc-def_ghi', 'Authorization: [REDACTED]'],
    ['authorization=Basic dXNlcjpwdw==', 'authorization=[REDACTED]'],
    ['sent Bearer abc.def to the master', 'sent Bearer [REDACTED] to the master'],
    ['GET /api/v1/x?token=abc&limit=5', 'GET /api/v1/x?token=[REDACTED]&limit=5'],
    ['{"username":"u","password":"hunter2"}', '{"username":"u","password":"[REDACTED]"}'],
    ["{'userToken': 'v2.x'}", "{'userToken': '[REDACTED]'}"],
    ['Grpc-Metadata-x-allocation-token: Bearer tok', 'Grpc-Metadata-x-allocation-token: [REDACTED]'],
    ['PASSWORD = s3cret', 'PASSWORD = [REDACTED]'],
  ])('redacts %j', (input, expected) => {
    expect(redactString(input)).toBe(expected);
  });

  it.each([
    'password must include a number',
    'No password for user "u": pass { password } or set DET_PASS',
    'GET /api/v1/me failed with HTTP 401',
  ])('leaves %j alone', (text) => {
    expect(redactString(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = redactString('Authorization: Bearer abc token=x');
    expect(redactString(once)).toBe(once);
  });
});

describe('redact', () => {
  it('replaces values of sensitive keys at any depth, case-insensitively', () => {
    const value = {
      user: 'alice',
      headers: { Authorization: 'Bearer abc', 'content-type': 'application/json' },
      body: { username: 'alice', password: 'pw', isHashed: true },
      list: [{ TOKEN: 't' }, 'Bearer xyz'],
      storage: { secret_key: 'sk', bucket: 'b' },
    };
    expect(redact(value)).toEqual({
      user: 'alice',
      headers: { Authorization: REDACTED, 'content-type': 'application/json' },
      body: { username: 'alice', password: REDACTED, isHashed: true },
      list: [{ TOKEN: REDACTED }, `Bearer ${REDACTED}`],
      storage: { secret_key: REDACTED, bucket: 'b' },
    });
  });

  it('keeps absent secrets visible as absent', () => {
    expect(redact({ token: undefined, password: null, Authorization: '' })).toEqual({
      token: undefined,
      password: null,
      Authorization: '',
    });
  });

  it('walks Maps, Headers and Errors', () => {
    const headers = new Headers({ authorization: 'Bearer abc', accept: 'application/json' });
    const error = new Error('request with Bearer abc failed');
    expect(redact({ headers, map: new Map([['token', 'x']]), error })).toEqual({
      headers: { authorization: REDACTED, accept: 'application/json' },
      map: { token: REDACTED },
      error: expect.objectContaining({ name: 'Error', message: `request with Bearer ${REDACTED} failed` }),
    });
  });

  it('survives cycles and binary data', () => {
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = cyclic;
    expect(redact({ cyclic, bytes: new Uint8Array(3) })).toEqual({
      cyclic: { name: 'x', self: '[Circular]' },
      bytes: '<3 bytes>',
    });
  });

  it('does not modify its input', () => {
    const input = { password: 'pw' };
    redact(input);
    expect(input.password).toBe('pw');
  });

  it('keeps a __proto__ field an ordinary field', () => {
    const fields = JSON.parse('{"__proto__": {"token": "x"}}') as Record<string, unknown>;
    const result = redactFields(fields);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toEqual({ token: REDACTED });
  });
});

describe('isSensitiveKey', () => {
  it.each([
    'Authorization',
    'token',
    'userToken',
    'password',
    'newPassword',
    'secret_key',
    'Cookie',
    'api_key',
  ])('flags %s', (key) => {
    expect(isSensitiveKey(key)).toBe(true);
  });

  it.each(['username', 'isHashed', 'master', 'status'])('does not flag %s', (key) => {
    expect(isSensitiveKey(key)).toBe(false);
  });
});
