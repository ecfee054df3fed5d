import { isSensitiveKey, REDACTED, redact, redactFields, redactString } from './redact';

describe('isSensitiveKey', () => {
  it.each([
    'Authorization',
    'x-user-token',
    'password',
    'PASSWD',
    'client_secret',
    'Cookie',
    'api-key',
    'api_key',
    'apikey',
  ])('hides %s', (key) => {
    expect(isSensitiveKey(key)).toBe(true);
  });

  it.each(['user', 'author', 'pass', 'key', 'api', 'cook'])('keeps %s', (key) => {
    expect(isSensitiveKey(key)).toBe(false);
  });
});

describe('redactString', () => {
  it.each([
    ['Authorization: Bearer abc.def', 'Authorization: [REDACTED]'],
    ['authorization=Basic dXNlcg==', 'authorization=[REDACTED]'],
    ['{"token":"abc","x":1}', '{"token":"[REDACTED]","x":1}'],
    ["{'password': 'p w'}", "{'password': '[REDACTED] w'}"],
    ['x-user-token: abc; next', 'x-user-token: [REDACTED]; next'],
    ['?token=abc&user=u', '?token=[REDACTED]&user=u'],
    ['DET_PASSWORD=abc,', 'DET_PASSWORD=[REDACTED],'],
    ['secret = token abc}', 'secret = [REDACTED]}'],
    ['failed: Bearer abc.def, then', 'failed: Bearer [REDACTED], then'],
    ['BEARER abc', 'BEARER [REDACTED]'],
    ['Bearer [REDACTED]', 'Bearer [REDACTED]'],
    ['no secrets here: user=alice', 'no secrets here: user=alice'],
  ])('%s → %s', (text, expected) => {
    expect(redactString(text)).toBe(expected);
  });
});

describe('redact', () => {
  it('hides sensitive values but keeps empty ones and everything else, recursively', () => {
    expect(
      redact({
        token: 'abc',
        password: '',
        secret: null,
        apiKey: undefined,
        nested: [{ Authorization: 'Bearer abc' }, 'token=abc', 3, true, null],
      }),
    ).toStrictEqual({
      token: REDACTED,
      password: '',
      secret: null,
      apiKey: undefined,
      nested: [{ Authorization: REDACTED }, `token=${REDACTED}`, 3, true, null],
    });
  });

  it('keeps dates, summarizes bytes, and walks maps, headers and errors', () => {
    const date = new Date(0);
    const error = Object.assign(new Error('Bearer abc'), { token: 'abc', code: 'E' });
    const out = redact({
      date,
      bytes: new Uint8Array(3),
      map: new Map<unknown, unknown>([[1, 'token=abc']]),
      headers: new Headers({ authorization: 'Bearer abc', accept: 'x' }),
      error,
    }) as Record<string, unknown>;
    expect(out.date).toBe(date);
    expect(out.bytes).toBe('<3 bytes>');
    expect(out.map).toStrictEqual({ 1: `token=${REDACTED}` });
    expect(out.headers).toStrictEqual({ authorization: REDACTED, accept: 'x' });
    expect(out.error).toMatchObject({
      name: 'Error',
      message: `Bearer ${REDACTED}`,
      token: REDACTED,
      code: 'E',
    });
    expect(String((out.error as { stack: string }).stack)).toContain(`Bearer ${REDACTED}`);
    const stackless = new Error('m');
    Reflect.deleteProperty(stackless, 'stack');
    expect(Object.keys(redact(stackless) as object)).toStrictEqual(['name', 'message']);
  });

  it('marks cycles, but not an object seen twice side by side, and truncates at depth 8', () => {
    const shared = { a: 1 };
    expect(redact({ x: shared, y: shared })).toStrictEqual({ x: { a: 1 }, y: { a: 1 } });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(redact(cyclic)).toStrictEqual({ self: '[Circular]' });
    let deep: unknown = 'leaf';
    for (let i = 0; i < 9; i++) deep = [deep];
    let walked = redact(deep);
    for (let i = 0; i < 8; i++) walked = (walked as unknown[])[0];
    expect(walked).toBe('[Truncated]');
    let seven: unknown = 'leaf';
    for (let i = 0; i < 8; i++) seven = [seven];
    let walkedSeven = redact(seven);
    for (let i = 0; i < 8; i++) walkedSeven = (walkedSeven as unknown[])[0];
    expect(walkedSeven).toBe('leaf');
  });

  it('truncates nested objects (not only arrays) at depth 8', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 9; i++) deep = { next: deep };
    let walked = redact(deep);
    for (let i = 0; i < 8; i++) walked = (walked as { next: unknown }).next;
    expect(walked).toBe('[Truncated]');
  });

  it('gives ordinary writable, configurable, enumerable properties', () => {
    const out = redactFields({ a: 1 });
    expect(Object.getOwnPropertyDescriptor(out, 'a')).toStrictEqual({
      value: 1,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  });

  it('keeps a __proto__ key as a plain property and leaves scalars alone', () => {
    const out = redactFields(JSON.parse('{"__proto__":{"token":"abc"}}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toStrictEqual({ token: REDACTED });
    expect(redact(5)).toBe(5);
    expect(redact(undefined)).toBeUndefined();
    expect(redact(null)).toBeNull();
  });
});
