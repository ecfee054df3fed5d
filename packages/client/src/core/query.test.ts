import { InvalidArgumentError } from './errors';
import { encodeJsonBody, fillPath, quotePathParam, serializeQuery, withQuery } from './query';

describe('serializeQuery', () => {
  it('omits null and undefined values', () => {
    expect(serializeQuery({ a: null, b: undefined, c: 1 })).toBe('c=1');
  });

  it('sends lists as repeated keys and skips null items', () => {
    expect(serializeQuery({ trialIds: [1, 2, null, 3] })).toBe('trialIds=1&trialIds=2&trialIds=3');
  });

  it('sends booleans as true/false', () => {
    expect(serializeQuery({ archived: false, follow: true })).toBe('archived=false&follow=true');
  });

  it('form-encodes values (space as +, reserved characters escaped)', () => {
    expect(serializeQuery({ name: "exp name/ä&=!'()*~" })).toBe(
      'name=exp+name%2F%C3%A4%26%3D%21%27%28%29%2A~',
    );
  });

  it('keeps empty strings and dotted names literal', () => {
    expect(serializeQuery({ name: '', 'experimentIdFilter.incl': [3, 4] })).toBe(
      'name=&experimentIdFilter.incl=3&experimentIdFilter.incl=4',
    );
  });

  it('rejects objects and non-finite numbers with InvalidArgumentError', () => {
    expect(() => serializeQuery({ a: { b: 1 } })).toThrow(InvalidArgumentError);
    expect(() => serializeQuery({ a: Number.NaN })).toThrow(InvalidArgumentError);
  });

  it('returns an empty string for no parameters', () => {
    expect(serializeQuery(undefined)).toBe('');
    expect(serializeQuery({ a: [] })).toBe('');
  });

  it('appends to a path with ? or &', () => {
    expect(withQuery('/p', { a: 1 })).toBe('/p?a=1');
    expect(withQuery('/p?x=1', { a: 1 })).toBe('/p?x=1&a=1');
    expect(withQuery('/p', {})).toBe('/p');
  });
});

describe('quotePathParam', () => {
  it('keeps / and unreserved characters but escapes everything else like Python quote', () => {
    expect(quotePathParam("a/b c!*'()~_.-ü")).toBe('a/b%20c%21%2A%27%28%29~_.-%C3%BC');
  });

  it('inserts integers as decimal', () => {
    expect(quotePathParam(42)).toBe('42');
    expect(quotePathParam(12345678901234567890n)).toBe('12345678901234567890');
  });

  it('rejects lone surrogates with InvalidArgumentError', () => {
    expect(() => quotePathParam('\ud800')).toThrow(InvalidArgumentError);
  });
});

describe('fillPath', () => {
  it('fills placeholders, including dotted names', () => {
    expect(fillPath('/api/v1/models/{name}/versions/{n}', { name: 'my/model x', n: 3 })).toBe(
      '/api/v1/models/my/model%20x/versions/3',
    );
    expect(fillPath('/api/v1/trials/{labels.trialId}/profiler/metrics', { 'labels.trialId': 7 })).toBe(
      '/api/v1/trials/7/profiler/metrics',
    );
  });

  it('throws InvalidArgumentError for a missing parameter', () => {
    expect(() => fillPath('/api/v1/models/{name}', {})).toThrow(/missing or invalid path parameter "name"/);
  });
});

describe('encodeJsonBody', () => {
  it('sends nothing for undefined, null, empty objects and empty arrays', () => {
    for (const body of [undefined, null, {}, []]) expect(encodeJsonBody(body)).toBeUndefined();
  });

  it('encodes NaN and infinities as strings, at any depth', () => {
    expect(
      encodeJsonBody({ a: Number.NaN, b: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5] }),
    ).toBe('{"a":"NaN","b":["Infinity","-Infinity",1.5]}');
  });

  it('keeps explicit nulls inside a non-empty body', () => {
    expect(encodeJsonBody({ description: null })).toBe('{"description":null}');
  });
});
