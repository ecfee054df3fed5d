import { InvalidArgumentError } from './errors';
import { canonicalizeMasterUrl, precanonicalizeLegacyMasterUrl } from './master-url';

describe('canonicalizeMasterUrl edge cases of Python urlsplit', () => {
  it('accepts an empty user name and password before @, as Python does', () => {
    expect(canonicalizeMasterUrl('http://:@h')).toBe('http://h:80');
  });

  it.each(['http://u@h', 'http://u:@h', 'http://:p@h'])(
    'rejects the one-character user info of %j',
    (raw) => {
      expect(() => canonicalizeMasterUrl(raw)).toThrow(/must not contain a username or password/);
    },
  );

  it('takes a port only from a colon right after the closing bracket', () => {
    expect(canonicalizeMasterUrl('http://[::1]x9')).toBe('http://[::1]:80');
    expect(canonicalizeMasterUrl('http://[::1]:9')).toBe('http://[::1]:9');
  });

  it('reports an invalid address before a zone identifier', () => {
    expect(() => canonicalizeMasterUrl('http://[zz%eth0]')).toThrow(/invalid IPv6 address/);
  });

  it.each(['http://u@::1', 'http://::ffff:127.0.0.1:8080', '::1:99999'])(
    'asks for brackets around the bare IPv6 address in %j',
    (raw) => {
      expect(() => canonicalizeMasterUrl(raw)).toThrow(/IPv6 address must be written in brackets/);
    },
  );
});

// Python skips the NFKC check for ASCII hosts (`netloc.isascii()`); so do we, as the check
// normalizes the whole host.
describe('the NFKC check of the host', () => {
  function normalizeCalls(raw: string): number {
    const normalize = jest.spyOn(String.prototype, 'normalize');
    try {
      canonicalizeMasterUrl(raw);
      return normalize.mock.calls.length;
    } finally {
      normalize.mockRestore();
    }
  }

  it('is skipped for an ASCII host, DEL included', () => {
    expect(normalizeCalls('http://user-less.example.com:8080/path')).toBe(0);
    expect(normalizeCalls('http://h\u007f')).toBe(0);
  });

  it('runs for a host with a character above ASCII', () => {
    expect(normalizeCalls('http://h\u0080')).toBe(1);
    expect(normalizeCalls('http://ä.example')).toBe(1);
  });
});

describe('precanonicalizeLegacyMasterUrl', () => {
  it('keeps the path of a URL without a host', () => {
    expect(precanonicalizeLegacyMasterUrl('http:///x')).toBe('http://:80/x');
  });

  it('says what is wrong and which form is accepted', () => {
    expect(() => precanonicalizeLegacyMasterUrl('http://h:abc')).toThrow(
      new InvalidArgumentError(
        'Invalid master URL "http://h:abc": its port "abc" is not a number; expected [http:// or https://]host[:port][/path], e.g. "localhost:8080" or "https://det.example.com".',
      ),
    );
  });
});
