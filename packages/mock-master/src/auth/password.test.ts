import { passwordMatches, saltAndHash } from './password';

describe('saltAndHash', () => {
  it('matches the SDK test vector', () => {
    expect(saltAndHash('A05850A9-bcfe-4ea6-8363-7350ee604be7')).toBe(
      'c7e7c0ffdcdb574914b3c36dc6deb37a37e5c36f25dabef323cf470041c122470b3beab157cb8c1624cab6dd9d8e27dd242a128e5899a5c8b7fb7a1b7c521778',
    );
  });

  it('keeps the empty password empty', () => {
    expect(saltAndHash('')).toBe('');
  });
});

describe('passwordMatches', () => {
  const stored = saltAndHash('0penSesame');

  it('accepts the client-side hash when isHashed and the plain text otherwise', () => {
    expect(passwordMatches(stored, saltAndHash('0penSesame'), true)).toBe(true);
    expect(passwordMatches(stored, '0penSesame', false)).toBe(true);
  });

  it('rejects a wrong password and a plain password claimed to be hashed', () => {
    expect(passwordMatches(stored, '0penSesamE', false)).toBe(false);
    expect(passwordMatches(stored, '0penSesame', true)).toBe(false);
  });

  it('accepts an empty password for a user without one, hashed or not', () => {
    expect(passwordMatches('', '', true)).toBe(true);
    expect(passwordMatches('', '', false)).toBe(true);
    expect(passwordMatches('', 'x', false)).toBe(false);
  });
});
