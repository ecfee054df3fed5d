import { InvalidArgumentError } from './errors';
import { checkTimeout, headerValue, parseErrorBody, scrubSecret } from './transport-support';

describe('checkTimeout', () => {
  it.each([
    [undefined, undefined],
    [null, null],
    [0, null],
    [1, 1],
    [250.5, 250.5],
  ])('reads %p as %p', (value, expected) => {
    expect(checkTimeout(value, 'timeoutMs')).toBe(expected);
  });

  it.each([-1, -0.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p, naming the option', (value) => {
    expect(() => checkTimeout(value, 'idleTimeoutMs')).toThrow(
      new InvalidArgumentError(
        `idleTimeoutMs must be a non-negative number of milliseconds or null, got ${value}`,
      ),
    );
  });
});

describe('headerValue', () => {
  it('gives a single value as it is and the first of repeated ones', () => {
    expect(headerValue({ 'retry-after': '3' }, 'retry-after')).toBe('3');
    expect(headerValue({ 'set-cookie': ['a=1', 'b=2'] }, 'set-cookie')).toBe('a=1');
    expect(headerValue({}, 'retry-after')).toBeUndefined();
  });
});

describe('parseErrorBody', () => {
  it('reads a grpc-gateway runtime error with every field', () => {
    const text = JSON.stringify({
      error: 'not found',
      code: 5,
      message: 'experiment 7 not found',
      details: [{ a: 1 }],
    });
    expect(parseErrorBody(text)).toStrictEqual({
      error: 'not found',
      code: 5,
      message: 'experiment 7 not found',
      details: [{ a: 1 }],
    });
  });

  it("reads the gateway's nested error object, with message and details from either level", () => {
    expect(
      parseErrorBody(JSON.stringify({ error: { code: 16, reason: 'Unauthenticated', message: 'inner' } })),
    ).toStrictEqual({
      code: 16,
      reason: 'Unauthenticated',
      message: 'inner',
    });
    expect(
      parseErrorBody(JSON.stringify({ error: { code: 3 }, message: 'outer', details: [] })),
    ).toStrictEqual({
      code: 3,
      message: 'outer',
      details: [],
    });
  });

  it('keeps only fields of the right type', () => {
    expect(
      parseErrorBody(
        JSON.stringify({ error: 1, code: '5', reason: 2, message: 3, details: {}, extra: 'x', msg: 'x' }),
      ),
    ).toBeUndefined();
    expect(parseErrorBody(JSON.stringify({ reason: 'R' }))).toStrictEqual({ reason: 'R' });
  });

  it.each(['not json', '[1]', '"text"', 'null', '{}'])('gives nothing for %j', (text) => {
    expect(parseErrorBody(text)).toBeUndefined();
  });
});

describe('scrubSecret', () => {
  const SECRET = 'v2.public.secret-token';

  it('replaces every copy of the secret, keeping name and string code', () => {
    const error = Object.assign(new TypeError(`bad header Bearer ${SECRET} (again ${SECRET})`), {
      code: 'UND_ERR',
    });
    const scrubbed = scrubSecret(error, SECRET) as Error & { code?: unknown };
    expect(scrubbed).not.toBe(error);
    expect(scrubbed.message).toBe('bad header Bearer [REDACTED] (again [REDACTED])');
    expect(scrubbed.name).toBe('TypeError');
    expect(scrubbed.code).toBe('UND_ERR');
  });

  it('drops a code that is not a string and keeps the default name when there is none', () => {
    const scrubbed = scrubSecret({ message: `x ${SECRET}`, name: 7, code: 42 }, SECRET) as Error;
    expect(scrubbed.name).toBe('Error');
    expect(Object.hasOwn(scrubbed, 'code')).toBe(false);
  });

  it('returns the error itself when there is nothing to scrub', () => {
    const clean = new Error('no secret here');
    expect(scrubSecret(clean, SECRET)).toBe(clean);
    expect(scrubSecret(clean, undefined)).toBe(clean);
    expect(scrubSecret(clean, '')).toBe(clean);
    const notText = { message: 5 };
    expect(scrubSecret(notText, SECRET)).toBe(notText);
    expect(scrubSecret(`string ${SECRET}`, SECRET)).toBe(`string ${SECRET}`);
    expect(scrubSecret(null, SECRET)).toBeNull();
  });
});
