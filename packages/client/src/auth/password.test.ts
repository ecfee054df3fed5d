import { InvalidArgumentError } from '../core/errors';
import {
  assertPasswordComplexity,
  checkPasswordComplexity,
  PASSWORD_SALT,
  passwordComplexityReport,
  saltAndHashPassword,
} from './password';

describe('saltAndHashPassword (scenario 52)', () => {
  it('sends the empty password unhashed', () => {
    expect(saltAndHashPassword('')).toBe('');
  });

  it('matches the SHA-512 test vector of the Python SDK', () => {
    expect(saltAndHashPassword('A05850A9-bcfe-4ea6-8363-7350ee604be7')).toBe(
      'c7e7c0ffdcdb574914b3c36dc6deb37a37e5c36f25dabef323cf470041c122' +
        '470b3beab157cb8c1624cab6dd9d8e27dd242a128e5899a5c8b7fb7a1b7c521778',
    );
  });

  it('hashes the UTF-8 bytes of salt + password into 128 lowercase hex characters', () => {
    const hash = saltAndHashPassword('pässwörd');
    expect(hash).toMatch(/^[0-9a-f]{128}$/);
    expect(hash).not.toBe(saltAndHashPassword('passwörd'));
    expect(PASSWORD_SALT).toBe('GubPEmmotfiK9TMD6Zdw');
  });
});

describe('password complexity (scenario 53)', () => {
  it.each([
    [null, 'password cannot be blank'],
    ['pass', 'password must have at least 8 characters'],
    ['testpassword1234', 'password must include an uppercase letter'],
    ['TESTPASSWORD1234', 'password must include a lowercase letter'],
    ['testPASSWORD', 'password must include a number'],
  ])('reports %j as failing "%s" with a ✗ line', (password, failure) => {
    expect(checkPasswordComplexity(password)).toContain(failure);
    expect(() => assertPasswordComplexity(password)).toThrow(InvalidArgumentError);
    expect(() => assertPasswordComplexity(password)).toThrow(`\u2717 ${failure}`);
  });

  it('accepts 0penSesame', () => {
    expect(checkPasswordComplexity('0penSesame')).toEqual([]);
    expect(() => assertPasswordComplexity('0penSesame')).not.toThrow();
  });

  it('fails all five rules for null, undefined and the empty string', () => {
    for (const password of [null, undefined, '']) {
      expect(checkPasswordComplexity(password)).toHaveLength(5);
    }
  });

  it('lists all five rules, passed ones with ✓, in the error message', () => {
    expect(() => assertPasswordComplexity('testPASSWORD')).toThrow(
      [
        '\u2713 password cannot be blank',
        '\u2713 password must have at least 8 characters',
        '\u2713 password must include an uppercase letter',
        '\u2713 password must include a lowercase letter',
        '\u2717 password must include a number',
      ].join('\n'),
    );
  });

  it('counts characters as code points and any Unicode decimal digit as a number', () => {
    expect(checkPasswordComplexity('Ab\u{1F600}\u{1F600}\u{1F600}\u{1F600}\u{1F600}1')).toEqual([]);
    expect(checkPasswordComplexity('Ab\u{1F600}\u{1F600}\u{1F600}1')).toEqual([
      'password must have at least 8 characters',
    ]);
    expect(checkPasswordComplexity('Abcdefgh\u0663')).toEqual([]);
  });

  it('renders the report of a passing password with only ✓ lines', () => {
    expect(
      passwordComplexityReport('0penSesame')
        .split('\n')
        .every((line) => line.startsWith('\u2713 ')),
    ).toBe(true);
  });
});
