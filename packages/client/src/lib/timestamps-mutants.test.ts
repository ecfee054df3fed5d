import { InvalidArgumentError } from '../core/errors';
import {
  formatEpochSecondsAsLocal,
  isProtobufTimestamp,
  parseApiTimestamp,
  toLogTimestamp,
} from './timestamps';

/**
 * `parseApiTimestamp`, asserting that it took the regex-free path it promises for the canonical
 * form masters send (metric streams parse one timestamp per row): no `String.prototype.replace`,
 * no `RegExp.prototype.exec`.
 */
function parseWithoutRegex(ts: string): Date {
  const replace = jest.spyOn(String.prototype, 'replace');
  const exec = jest.spyOn(RegExp.prototype, 'exec');
  let calls: number;
  let parsed: Date;
  try {
    parsed = parseApiTimestamp(ts);
  } finally {
    calls = replace.mock.calls.length + exec.mock.calls.length;
    replace.mockRestore();
    exec.mockRestore();
  }
  expect(calls).toBe(0);
  return parsed;
}

describe('parseApiTimestamp on the canonical UTC form, without regexes', () => {
  it.each([
    ['2023-07-06T23:56:35Z', '2023-07-06T23:56:35.000Z'],
    ['2023-07-06 23:56:35Z', '2023-07-06T23:56:35.000Z'],
    ['2099-09-09T19:59:59.999999999Z', '2099-09-09T19:59:59.000Z'],
    ['2000-01-01T00:00:00.0Z', '2000-01-01T00:00:00.000Z'],
    ['0100-10-10T10:10:10Z', '0100-10-10T10:10:10.000Z'],
    ['1987-12-31T08:09:07.5Z', '1987-12-31T08:09:07.000Z'],
  ])('reads %p as %p', (ts, iso) => {
    expect(parseWithoutRegex(ts).toISOString()).toBe(iso);
  });

  it('leaves years below 100 to the general rules (Date.UTC would read them as 19xx)', () => {
    const replace = jest.spyOn(String.prototype, 'replace');
    try {
      expect(parseApiTimestamp('0099-01-01T00:00:00Z').getUTCFullYear()).toBe(99);
      expect(replace).toHaveBeenCalled();
    } finally {
      replace.mockRestore();
    }
  });
});

describe('parseApiTimestamp rejects what neither rule set accepts', () => {
  it.each([
    '2023/01-01T00:00:00Z',
    '2023-01/01T00:00:00Z',
    '2023-01-01T00/00:00Z',
    '2023-01-01T00:00/00Z',
    '2023-1/-01T00:00:00Z',
    '2023-01-01Tx0:00:00Z',
    '2023-01-01T00:x0:00Z',
    '2023-01-01T00:00:x0Z',
    '2023-01-01T00:00:00X',
    '2023-01-01T00:00:00X5Z',
    '2023-01-01T00:00:00Z.5',
    '2023-01-01T00:00:00+01:00Z',
    '2023-01-00T00:00:00Z',
    '2023-01-00T00:00:00',
    '1900-02-29T00:00:00Z',
    '2023-01-01T00:00:60',
  ])('%p', (ts) => {
    expect(() => parseApiTimestamp(ts)).toThrow(new InvalidArgumentError(`Invalid timestamp '${ts}'`));
  });

  it('names the rejected text when the shape is right but the date is not', () => {
    expect(() => parseApiTimestamp('2023-02-30T00:00:00+01:00')).toThrow(
      new InvalidArgumentError("Invalid timestamp '2023-02-30T00:00:00+01:00'"),
    );
  });
});

describe('parseApiTimestamp by the general rules', () => {
  it('drops a fraction of several digits before an offset', () => {
    expect(parseApiTimestamp('2023-08-22T22:06:45.55+01:00').toISOString()).toBe('2023-08-22T21:06:45.000Z');
  });

  it('accepts the last second of a minute, the leap day of a year divisible by 400 and year 9999', () => {
    expect(parseApiTimestamp('2023-01-01T10:11:59+00:00').toISOString()).toBe('2023-01-01T10:11:59.000Z');
    expect(parseApiTimestamp('2000-02-29T00:00:00Z').toISOString()).toBe('2000-02-29T00:00:00.000Z');
    expect(parseApiTimestamp('9999-12-31T23:59:59Z').toISOString()).toBe('9999-12-31T23:59:59.000Z');
  });
});

describe('isProtobufTimestamp calendar checks', () => {
  it.each([
    ['1900-02-29T00:00:00Z', false],
    ['2000-02-29T00:00:00Z', true],
    ['9999-12-31T23:59:59Z', true],
    ['2021-10-26T23:17:59Z', true],
  ])('%p → %p', (ts, accepted) => {
    expect(isProtobufTimestamp(ts)).toBe(accepted);
  });
});

// The local-time rule in fixed zones is tested in child processes by timestamps.test.ts; here the
// same function runs in this process, in whatever zone it has, and is checked by reading its
// wall-clock fields back in that zone.
describe('formatEpochSecondsAsLocal in this process', () => {
  const SHAPE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{6})?Z$/;

  function wallClockBack(text: string): { seconds: number; fraction: string } {
    const m = SHAPE.exec(text);
    if (!m) throw new Error(`unexpected shape ${text}`);
    const [, year, month, day, hour, minute, second, fraction = ''] = m;
    const local = new Date(2000, 0, 1);
    local.setFullYear(Number(year), Number(month) - 1, Number(day));
    local.setHours(Number(hour), Number(minute), Number(second), 0);
    return { seconds: local.getTime() / 1000, fraction };
  }

  // Noon in January and July: away from every zone's daylight-saving switch.
  it.each([
    [1673784000, ''],
    [1689422400.5, '.500000'],
    [1689422400.000001, '.000001'],
    [1673784000.25, '.250000'],
  ])('formats %p as the local wall clock with fraction %p', (seconds, fraction) => {
    const text = formatEpochSecondsAsLocal(seconds);
    expect(wallClockBack(text)).toStrictEqual({ seconds: Math.floor(seconds), fraction });
    expect(toLogTimestamp(seconds)).toBe(text);
  });

  it('carries a fraction that rounds up to a whole second', () => {
    expect(wallClockBack(formatEpochSecondsAsLocal(1673784000.9999995))).toStrictEqual({
      seconds: 1673784001,
      fraction: '',
    });
  });

  it('accepts the first and the last year and names the value it rejects', () => {
    const yearOne = new Date(0);
    yearOne.setUTCFullYear(1, 6, 1);
    const yearLast = new Date(0);
    yearLast.setUTCFullYear(9999, 6, 1);
    expect(formatEpochSecondsAsLocal(yearOne.getTime() / 1000)).toMatch(/^0001-07-0[12]T/);
    expect(formatEpochSecondsAsLocal(yearLast.getTime() / 1000)).toMatch(/^9999-07-0[12]T/);
    expect(() => formatEpochSecondsAsLocal(253402400000)).toThrow(InvalidArgumentError);
    expect(() => formatEpochSecondsAsLocal(1e15)).toThrow(
      new InvalidArgumentError('Timestamp 1000000000000000 is out of range.'),
    );
  });
});
