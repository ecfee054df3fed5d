import { createHash } from 'node:crypto';

/** A UUID (version-4 layout) derived from a seed and a key, so ids repeat with the seed. */
export function seededUuid(seed: number, ...key: Array<string | number>): string {
  const hex = createHash('sha256')
    .update(JSON.stringify([seed, ...key]))
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A hex string of `length` characters derived from a seed and a key. */
export function seededHex(length: number, seed: number, ...key: Array<string | number>): string {
  let out = '';
  for (let i = 0; out.length < length; i++)
    out += createHash('sha256')
      .update(JSON.stringify([seed, i, ...key]))
      .digest('hex');
  return out.slice(0, length);
}
