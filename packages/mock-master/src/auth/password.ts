import { createHash, timingSafeEqual } from 'node:crypto';

const SALT = 'GubPEmmotfiK9TMD6Zdw';

/** The client-side password transform of the SDK: SHA-512 hex of salt + password; '' stays ''. */
export function saltAndHash(password: string): string {
  if (password === '') return '';
  return createHash('sha512')
    .update(SALT + password, 'utf8')
    .digest('hex');
}

/** Compares a login password (hashed by the client or not) with a stored salted hash. */
export function passwordMatches(stored: string, password: string, isHashed: boolean): boolean {
  const candidate = Buffer.from(isHashed ? password : saltAndHash(password), 'utf8');
  const expected = Buffer.from(stored, 'utf8');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}
