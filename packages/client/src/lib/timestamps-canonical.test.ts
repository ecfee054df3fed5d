import { InvalidArgumentError } from '../core/errors';
import { parseApiTimestamp } from './timestamps';

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

describe('parseApiTimestamp on the canonical UTC form masters send', () => {
  it('agrees with the ISO parser on 2,000 random instants, with and without fractions', () => {
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let i = 0; i < 2000; i++) {
      const instant = new Date((next() % 4_000_000) * 1_000_000 + (next() % 1000) * 1000);
      const whole = instant.toISOString().slice(0, 19);
      const fraction = ['', '.5', `.${pad(next() % 1_000_000, 6)}`, '.123456789'][i % 4] ?? '';
      const parsed = parseApiTimestamp(`${whole}${fraction}Z`);
      expect(parsed.getTime()).toBe(Date.parse(`${whole}Z`));
    }
  });

  it('accepts a space instead of T and an empty fraction, as the general rules do', () => {
    expect(parseApiTimestamp('2024-02-29 12:00:01Z').toISOString()).toBe('2024-02-29T12:00:01.000Z');
    expect(parseApiTimestamp('2024-02-29T12:00:01.Z').toISOString()).toBe('2024-02-29T12:00:01.000Z');
  });

  it.each([
    '2023-02-29T00:00:00Z',
    '2023-04-31T00:00:00Z',
    '2023-01-01T00:60:00Z',
    '2023-01-01T00:00:60Z',
    '2023-00-10T00:00:00Z',
    '2023-01-01T00:00:00.1aZ',
    '2023-01-01X00:00:00Z',
  ])('rejects %p with InvalidArgumentError', (ts) => {
    expect(() => parseApiTimestamp(ts)).toThrow(InvalidArgumentError);
  });
});
