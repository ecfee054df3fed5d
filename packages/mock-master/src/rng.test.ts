import { createPrng, hashInts, Rng, unit } from './rng';

describe('the seeded RNG', () => {
  it('gives the same stream for the same seed to the state and to the faults', () => {
    const rng = new Rng(42);
    const prng = createPrng(42);
    const fromState = [rng.next(), rng.next(), rng.next()];
    expect([prng(), prng(), prng()]).toEqual(fromState);
  });

  it('gives different streams for different seeds', () => {
    const a = createPrng(1);
    const b = createPrng(2);
    expect([a(), a()]).not.toEqual([b(), b()]);
  });

  it('keys hashed values by every integer, in [0, 1)', () => {
    expect(hashInts(1, 2)).not.toBe(hashInts(2, 1));
    const u = unit(7, 8, 9);
    expect(u).toBeGreaterThanOrEqual(0);
    expect(u).toBeLessThan(1);
    expect(unit(7, 8, 9)).toBe(u);
  });

  it('draws version-4 shaped UUIDs', () => {
    expect(new Rng(3).uuid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
