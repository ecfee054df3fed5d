import { inspect } from 'node:util';
import fc from 'fast-check';
import { REDACTED, redact, redactString } from './redact';

const SEED = 20_261_133;

/** Secrets as the master issues them: opaque tokens (v2.public.… PASETO, JWT-like, random). */
const secret = fc
  .tuple(
    fc.constantFrom('v2.public.', 'eyJ', 'tok_', ''),
    fc.string({
      unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'),
      minLength: 12,
      maxLength: 40,
    }),
  )
  .map(([prefix, body]) => `${prefix}${body}`);

/** Texts that carry the secret the way logs and errors do. */
function carriers(value: string): string[] {
  return [
    `Authorization: Bearer ${value}`,
    `authorization=Bearer ${value}`,
    `{"token":"${value}"}`,
    `{"password": "${value}"}`,
    `x-user-token: ${value}`,
    `GET /api?token=${value}&x=1`,
    `request failed (Bearer ${value})`,
    `det_password=${value}`,
  ];
}

describe('redaction of generated secrets', () => {
  it('removes the secret from every text shape that carries it', () => {
    fc.assert(
      fc.property(
        secret,
        fc.string({ maxLength: 10 }),
        fc.integer({ min: 0, max: 7 }),
        (value, noise, shape) => {
          const text = `${noise} ${carriers(value)[shape]} ${noise}`;
          const out = redactString(text);
          expect(out).not.toContain(value);
          expect(out).toContain(REDACTED);
        },
      ),
      { numRuns: 15_000, seed: SEED },
    );
  });

  it('removes the secret from nested objects, errors, maps and their inspect/JSON forms', () => {
    fc.assert(
      fc.property(
        secret,
        fc.jsonValue({ maxDepth: 2 }),
        fc.constantFrom('token', 'password', 'Authorization', 'x-api-key', 'userToken'),
        (value, other, key) => {
          const error = new Error(`failed with Bearer ${value}`);
          const tree = {
            other,
            nested: { [key]: value, list: [{ [key]: value }, `token=${value}`] },
            headers: new Map([['authorization', `Bearer ${value}`]]),
            error,
          };
          const out = redact(tree);
          expect(JSON.stringify(out)).not.toContain(value);
          expect(inspect(out, { depth: 10 })).not.toContain(value);
        },
      ),
      { numRuns: 8_000, seed: SEED + 1 },
    );
  });

  it('leaves text without credentials unchanged', () => {
    fc.assert(
      fc.property(
        fc
          .string({ maxLength: 30 })
          .filter((s) => !/bearer|token|password|passwd|secret|authorization|basic/i.test(s)),
        (text) => {
          expect(redactString(text)).toBe(text);
        },
      ),
      { numRuns: 10_000, seed: SEED + 2 },
    );
  });
});
