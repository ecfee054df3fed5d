import { utils } from 'ssh2';
import { sshKeyPair } from './ssh-keys';

describe('shell SSH keys', () => {
  it('derives the same OpenSSH Ed25519 pair from the same seed, and a pair whose halves match', () => {
    const pair = sshKeyPair('11'.repeat(32));
    expect(sshKeyPair('11'.repeat(32))).toEqual(pair);
    expect(sshKeyPair('22'.repeat(32)).publicKey).not.toBe(pair.publicKey);
    expect(pair.privateKey).toMatch(
      /^-----BEGIN OPENSSH PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+\n-----END OPENSSH PRIVATE KEY-----\n$/,
    );
    const priv = utils.parseKey(pair.privateKey);
    const pub = utils.parseKey(pair.publicKey);
    if (priv instanceof Error || pub instanceof Error) throw new Error('unparsable key');
    expect(priv.type).toBe('ssh-ed25519');
    expect(priv.getPublicSSH()).toEqual(pub.getPublicSSH());
    const data = Buffer.from('signed by the shell key');
    expect(pub.verify(data, priv.sign(data))).toBe(true);
  });

  it('refuses a seed that is not 32 bytes', () => {
    expect(() => sshKeyPair('abcd')).toThrow('an Ed25519 seed is 32 bytes, got 2');
  });
});
