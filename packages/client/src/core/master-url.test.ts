import { InvalidArgumentError } from './errors';
import { canonicalizeMasterUrl, precanonicalizeLegacyMasterUrl, resolveMasterUrl } from './master-url';

// Expected values were produced by Python 3.11's determined canonicalize_master_url.
const CANONICAL: ReadonlyArray<readonly [string, string]> = [
  ['localhost', 'http://localhost:8080'],
  ['http://h', 'http://h:80'],
  ['https://h', 'https://h:443'],
  ['https://Example.COM/a/b//', 'https://example.com:443/a/b'],
  ['h/path/', 'http://h:8080/path'],
  ['http://h:9000/', 'http://h:9000'],
  ['h:8080/a/b/', 'http://h:8080/a/b'],
  ['http://H.Example.com:443/', 'http://h.example.com:443'],
  ['https://h:443', 'https://h:443'],
  ['http://h//', 'http://h:80'],
  ['http://h///a//b', 'http://h:80///a//b'],
  ['http://h/%2F/', 'http://h:80/%2F'],
  ['https://h/?', 'https://h:443'],
  ['http://h#', 'http://h:80'],
  ['http://@h', 'http://h:80'],
  ['http://h:0', 'http://h:80'],
  ['http://h:65535', 'http://h:65535'],
  ['http://h/a;b', 'http://h:80/a'],
  ['http://h/a;b/c;d', 'http://h:80/a;b/c'],
  ['http://h\t:90', 'http://h:90'],
  ['HTTPS://x', 'http://https:8080//x'],
  ['http://ÄBC.de', 'http://äbc.de:80'],
];

const REJECTED: ReadonlyArray<readonly [string, RegExp]> = [
  ['', /nonempty hostname/],
  ['http://', /nonempty hostname/],
  ['http://:8080', /nonempty hostname/],
  ['/path', /nonempty hostname/],
  ['http://h?x=1', /query string/],
  ['http://h#frag', /fragment/],
  ['http://user@h', /username or password/],
  ['http://:pw@h', /username or password/],
  ['http://user:pw@h:81/x', /username or password/],
  ['http://h:abc', /port "abc" is not a number/],
  ['http://h:+80', /not a number/],
  ['http://h:８０', /not a number/],
  ['http://h:70000', /out of range/],
  ['http://h:65536', /out of range/],
  ['http://[::1', /IPv6/],
  ['http://[1.2.3.4]', /IPv6/],
  ['http://[zz]', /IPv6/],
  ['http://\u2100', /NFKC/],
];

describe('canonicalizeMasterUrl', () => {
  it.each(CANONICAL)('canonicalizes %j to %j', (raw, expected) => {
    expect(canonicalizeMasterUrl(raw)).toBe(expected);
  });

  it.each(REJECTED)('rejects %j with an InvalidArgumentError saying what is wrong', (raw, problem) => {
    expect(() => canonicalizeMasterUrl(raw)).toThrow(InvalidArgumentError);
    expect(() => canonicalizeMasterUrl(raw)).toThrow(problem);
  });

  it('names the accepted form in its error message', () => {
    expect(() => canonicalizeMasterUrl('http://h?x=1')).toThrow(
      /Invalid master URL "http:\/\/h\?x=1".*expected \[http:\/\/ or https:\/\/\]host\[:port\]\[\/path\]/,
    );
  });

  it.each(CANONICAL.filter(([raw]) => raw !== 'HTTPS://x'))(
    'is idempotent on the canonical form of %j',
    (_raw, canonical) => {
      expect(canonicalizeMasterUrl(canonical)).toBe(canonical);
    },
  );
});

// The one deliberate difference from Python, which drops the brackets (`http://::1:8080`, a URL no
// HTTP client can request): IPv6 literals stay bracketed, in the WHATWG parser's RFC 5952 form.
describe('canonicalizeMasterUrl with IPv6 hosts', () => {
  it.each([
    ['[::1]:8080', 'http://[::1]:8080'],
    ['[::1]', 'http://[::1]:8080'],
    ['http://[::1]', 'http://[::1]:80'],
    ['https://[::1]/api/', 'https://[::1]:443/api'],
    ['http://[FE80::A:B]:9000', 'http://[fe80::a:b]:9000'],
    ['http://[0:0:0:0:0:0:0:1]:8080', 'http://[::1]:8080'],
    ['http://[2001:DB8:0:0:1:0:0:1]', 'http://[2001:db8::1:0:0:1]:80'],
    ['[::ffff:127.0.0.1]:8080', 'http://[::ffff:7f00:1]:8080'],
  ])('keeps %j bracketed as %j', (raw, expected) => {
    expect(canonicalizeMasterUrl(raw)).toBe(expected);
  });

  it('gives every spelling of one address the same canonical URL', () => {
    const spellings = [
      '[::1]:8080',
      'http://[::1]:8080',
      '[0::1]:8080',
      '[0:0:0:0:0:0:0:1]',
      'http://[::0001]:8080/',
    ];
    expect(new Set(spellings.map((raw) => canonicalizeMasterUrl(raw)))).toStrictEqual(
      new Set(['http://[::1]:8080']),
    );
  });

  it('is idempotent on bracketed canonical forms', () => {
    for (const raw of ['[::1]:8080', 'http://[FE80::1]', 'https://[2001:db8::5]:8443/x/']) {
      const canonical = canonicalizeMasterUrl(raw);
      expect(canonicalizeMasterUrl(canonical)).toBe(canonical);
    }
  });

  it('gives a URL that the WHATWG parser reads back to the same host and port', () => {
    const url = new URL(canonicalizeMasterUrl('[::1]:8080'));
    expect([url.hostname, url.port]).toStrictEqual(['[::1]', '8080']);
  });

  it.each(['::1', '::1:8080', 'http://::1', 'https://fe80::1:443/x', '::', 'fe80::1%eth0'])(
    'asks for brackets around the bare IPv6 address %j',
    (raw) => {
      expect(() => canonicalizeMasterUrl(raw)).toThrow(InvalidArgumentError);
      expect(() => canonicalizeMasterUrl(raw)).toThrow(
        /IPv6 address must be written in brackets, e\.g\. "\[::1\]:8080"/,
      );
    },
  );

  it.each(['http://[fe80::1%eth0]:8080', '[fe80::1%25eth0]', 'http://[FE80::1%En0]'])(
    'rejects the zone identifier of %j with a clear error',
    (raw) => {
      expect(() => canonicalizeMasterUrl(raw)).toThrow(InvalidArgumentError);
      expect(() => canonicalizeMasterUrl(raw)).toThrow(/IPv6 zone identifier "%.+" is not supported/);
    },
  );

  it('still reports a bad port, not a missing bracket, for a host with two colons', () => {
    expect(() => canonicalizeMasterUrl('h:80:90')).toThrow(/port "80:90" is not a number/);
  });

  it('keeps the brackets in the lenient legacy form', () => {
    expect(precanonicalizeLegacyMasterUrl('http://user@[::1]:81/x?q')).toBe('http://[::1]:81/x');
  });
});

describe('precanonicalizeLegacyMasterUrl', () => {
  it.each([
    ['http://h?x=1', 'http://h:80'],
    ['http://firstmaster:80#fragment', 'http://firstmaster:80'],
    ['https://secondmaster/?key=value', 'https://secondmaster:443'],
    ['http://user@thirdmaster:8080', 'http://thirdmaster:8080'],
    ['http://user:pw@h:81/x', 'http://h:81/x'],
    ['thirdmaster', 'http://thirdmaster:8080'],
  ])('drops user info, query and fragment of %j', (raw, expected) => {
    expect(precanonicalizeLegacyMasterUrl(raw)).toBe(expected);
    expect(canonicalizeMasterUrl(precanonicalizeLegacyMasterUrl(raw))).toBe(expected);
  });

  it.each(['http://h:abc', 'http://h:70000', 'http://[::1', 'http://\u2100'])(
    'still rejects the unparsable %j',
    (raw) => {
      expect(() => precanonicalizeLegacyMasterUrl(raw)).toThrow(InvalidArgumentError);
    },
  );

  it('produces a host-less URL that canonicalization rejects when the host is empty', () => {
    const lenient = precanonicalizeLegacyMasterUrl('http://:8080');
    expect(() => canonicalizeMasterUrl(lenient)).toThrow(/nonempty hostname/);
  });
});

describe('resolveMasterUrl', () => {
  it('prefers the explicit argument over the environment', () => {
    expect(resolveMasterUrl('https://explicit', { DET_MASTER: 'env', DET_MASTER_ADDR: 'addr' })).toBe(
      'https://explicit:443',
    );
  });

  it('uses DET_MASTER before DET_MASTER_ADDR', () => {
    expect(resolveMasterUrl(undefined, { DET_MASTER: 'env', DET_MASTER_ADDR: 'addr' })).toBe(
      'http://env:8080',
    );
  });

  it('uses DET_MASTER_ADDR when DET_MASTER is unset or empty', () => {
    expect(resolveMasterUrl(undefined, { DET_MASTER_ADDR: 'addr:9' })).toBe('http://addr:9');
    expect(resolveMasterUrl('', { DET_MASTER: '', DET_MASTER_ADDR: 'addr:9' })).toBe('http://addr:9');
  });

  it('falls back to localhost:8080', () => {
    expect(resolveMasterUrl(undefined, {})).toBe('http://localhost:8080');
  });

  it('throws InvalidArgumentError for an invalid chosen URL', () => {
    expect(() => resolveMasterUrl(undefined, { DET_MASTER: 'http://h?x' })).toThrow(InvalidArgumentError);
  });
});
