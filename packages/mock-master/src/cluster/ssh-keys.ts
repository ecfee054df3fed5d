import { createPrivateKey, createPublicKey } from 'node:crypto';

/** An SSH key pair in the formats `ssh` and `authorized_keys` read. */
export interface SshKeyPair {
  /** `-----BEGIN OPENSSH PRIVATE KEY-----` (unencrypted). */
  readonly privateKey: string;
  /** `ssh-ed25519 <base64>` with a newline, as an authorized_keys line. */
  readonly publicKey: string;
}

// PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows.
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const KEY_TYPE = Buffer.from('ssh-ed25519');

function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines.join('\n');
}

/**
 * A deterministic Ed25519 key pair from a 32-byte seed (64 hex digits), in OpenSSH's formats:
 * what the master hands out as a shell's `privateKey`/`publicKey`, so `det shell open` can log
 * in to the mock's simulated shell with a real `ssh`.
 */
export function sshKeyPair(seedHex: string, comment = 'determined-mock-master'): SshKeyPair {
  const seed = Buffer.from(seedHex, 'hex');
  if (seed.length !== 32) throw new RangeError(`an Ed25519 seed is 32 bytes, got ${seed.length}`);
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const pub = spki.subarray(spki.length - 32);
  const blob = Buffer.concat([sshString(KEY_TYPE), sshString(pub)]);
  const check = seed.subarray(0, 4);
  let section = Buffer.concat([
    check,
    check,
    sshString(KEY_TYPE),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(Buffer.from(comment)),
  ]);
  const padding = (8 - (section.length % 8)) % 8;
  section = Buffer.concat([section, Buffer.from(Array.from({ length: padding }, (_, i) => i + 1))]);
  const none = sshString(Buffer.from('none'));
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    none,
    none,
    sshString(Buffer.alloc(0)),
    uint32(1),
    sshString(blob),
    sshString(section),
  ]);
  return {
    privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${wrap(body.toString('base64'), 70)}\n-----END OPENSSH PRIVATE KEY-----\n`,
    publicKey: `ssh-ed25519 ${blob.toString('base64')} ${comment}\n`,
  };
}
