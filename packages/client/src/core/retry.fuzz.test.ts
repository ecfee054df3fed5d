import fc from 'fast-check';
import { InvalidArgumentError } from './errors';
import { backoffDelayMs, parseRetryAfter, resolveRetryPolicy } from './retry';

const SEED = 20_261_134;

const maybeNumber = fc.oneof(fc.double(), fc.integer({ min: -5, max: 50 }), fc.constant(undefined));

/** Retry settings as a user might pass them, including nonsense values. */
const retryOptions = fc.oneof(
  fc.constant(false as const),
  fc.record(
    {
      retries: maybeNumber,
      backoffBaseMs: maybeNumber,
      backoffMaxMs: maybeNumber,
      jitter: fc.oneof(fc.double(), fc.double({ min: 0, max: 1, noNaN: true })),
      methods: fc.array(fc.constantFrom('get', 'POST', 'put', 'Patch'), { maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
);

describe('retry settings of generated input', () => {
  it('resolve to a valid policy or throw InvalidArgumentError; delays stay within [0, backoffMaxMs]', () => {
    fc.assert(
      fc.property(
        retryOptions,
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (options, retry, random) => {
          let policy: ReturnType<typeof resolveRetryPolicy>;
          try {
            policy = resolveRetryPolicy(options);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidArgumentError);
            return;
          }
          expect(Number.isInteger(policy.retries) && policy.retries >= 0).toBe(true);
          expect(policy.methods.every((m) => m === m.toUpperCase())).toBe(true);
          const delay = backoffDelayMs(policy, retry, () => random);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(policy.backoffMaxMs);
        },
      ),
      { numRuns: 15_000, seed: SEED },
    );
  });

  it('parse Retry-After headers into a non-negative delay or nothing', () => {
    const header = fc.oneof(
      fc.nat().map(String),
      fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(header, (value) => {
        const ms = parseRetryAfter(value, 1_700_000_000_000);
        if (ms !== undefined) expect(ms).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 10_000, seed: SEED + 1 },
    );
  });
});
