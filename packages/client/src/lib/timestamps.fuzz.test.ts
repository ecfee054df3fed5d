import fc from 'fast-check';
import { InvalidArgumentError } from '../core/errors';
import { parseApiTimestamp, toLogTimestamp } from './timestamps';

const SEED = 20_261_132;

const digits = (n: number): fc.Arbitrary<string> =>
  fc.integer({ min: 0, max: 10 ** n - 1 }).map((v) => String(v).padStart(n, '0'));

/** Timestamps near the accepted grammar: every field may be out of range, fractions, offsets, junk. */
const timestampish = fc
  .tuple(
    digits(4),
    digits(2),
    digits(2),
    fc.constantFrom('T', ' ', 't', 'X', ''),
    digits(2),
    digits(2),
    digits(2),
    fc.constantFrom('', '.', '.5', '.123456', '.1234567'),
    fc.constantFrom('', 'Z', '+00:00', '-07:30', '+1', 'z', 'ZZ'),
  )
  .map(([y, mo, d, sep, h, mi, s, frac, off]) => `${y}-${mo}-${d}${sep}${h}:${mi}:${s}${frac}${off}`);

describe('timestamps of generated input', () => {
  it('parse to a valid Date or throw InvalidArgumentError', () => {
    fc.assert(
      fc.property(fc.oneof(timestampish, fc.string({ maxLength: 30 })), (text) => {
        try {
          const date = parseApiTimestamp(text);
          expect(Number.isNaN(date.getTime())).toBe(false);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidArgumentError);
        }
      }),
      { numRuns: 20_000, seed: SEED },
    );
  });

  it('round-trip every whole-second instant written in the canonical UTC form', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const whole = new Date(Math.floor(date.getTime() / 1000) * 1000);
          expect(parseApiTimestamp(whole.toISOString()).getTime()).toBe(whole.getTime());
        },
      ),
      { numRuns: 10_000, seed: SEED + 1 },
    );
  });

  it('log timestamp parameters are accepted unchanged or rejected with InvalidArgumentError', () => {
    fc.assert(
      fc.property(fc.oneof(timestampish, fc.double(), fc.jsonValue({ maxDepth: 1 })), (value) => {
        try {
          const out = toLogTimestamp(value);
          if (typeof value === 'string') expect(out).toBe(value);
          else expect(out).toMatch(/Z$/);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidArgumentError);
        }
      }),
      { numRuns: 10_000, seed: SEED + 2 },
    );
  });
});
