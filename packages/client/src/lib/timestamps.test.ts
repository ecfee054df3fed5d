import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { InvalidArgumentError } from '../core/errors';
import {
  formatEpochSecondsAsLocal,
  isProtobufTimestamp,
  parseApiTimestamp,
  toLogTimestamp,
} from './timestamps';

describe('parseApiTimestamp', () => {
  it('reads a trailing Z as UTC and drops the fraction', () => {
    expect(parseApiTimestamp('2023-07-06T23:56:35.680736Z').toISOString()).toBe('2023-07-06T23:56:35.000Z');
  });

  it('drops a nanosecond fraction that Python <3.11 could not parse', () => {
    expect(parseApiTimestamp('2023-08-22T22:06:45.242391275Z').toISOString()).toBe(
      '2023-08-22T22:06:45.000Z',
    );
  });

  it('applies explicit offsets', () => {
    expect(parseApiTimestamp('2023-08-22T22:06:45.5-06:00').toISOString()).toBe('2023-08-23T04:06:45.000Z');
    expect(parseApiTimestamp('2023-08-22T02:06:45+05:30').toISOString()).toBe('2023-08-21T20:36:45.000Z');
  });

  it('reads a timestamp without offset as UTC', () => {
    expect(parseApiTimestamp('2023-01-02T03:04:05').toISOString()).toBe('2023-01-02T03:04:05.000Z');
  });

  it('keeps years below 100 as written', () => {
    expect(parseApiTimestamp('0001-01-01T00:00:00Z').getUTCFullYear()).toBe(1);
  });

  it.each(['', 'yesterday', '2023-13-01T00:00:00Z', '2023-02-29T00:00:00Z', '2023-01-01T24:00:00Z'])(
    'rejects %p with InvalidArgumentError',
    (ts) => {
      expect(() => parseApiTimestamp(ts)).toThrow(InvalidArgumentError);
    },
  );
});

describe('isProtobufTimestamp', () => {
  it.each([
    '2021-10-26T23:17:12Z',
    '2021-10-26T23:17:12.0000Z',
    '2021-10-26T23:17:12.123456Z',
    '2021-1-2T3:4:5Z',
    '2021-10- 6T23:17:12Z',
    '2021-10-26t23:17:12Z',
    '2024-02-29T00:00:00Z',
  ])('accepts %p like Python strptime', (ts) => {
    expect(isProtobufTimestamp(ts)).toBe(true);
  });

  it.each([
    '2021-10-26T23:17:12+04:00',
    '2021-10-26 23:17:12Z',
    '2021-10-26T23:17:12',
    '2021-10-26T23:17:12z',
    '2021-10-26T23:17:12.1234567Z',
    '2021-10-26T23:17:60Z',
    '2021-02-29T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '21-10-26T23:17:12Z',
    '2021-10-26T23:17:12.Z',
  ])('rejects %p', (ts) => {
    expect(isProtobufTimestamp(ts)).toBe(false);
  });
});

// Node reads the time zone from the real process environment, which jest sandboxes; the local-time
// rule is therefore exercised in child processes started with each TZ.
function formatInZone(tz: string, inputs: readonly number[]): string[] {
  const script = `
    const fs = require('node:fs');
    const swc = require('@swc/core');
    require.extensions['.ts'] = (m, f) => m._compile(swc.transformSync(fs.readFileSync(f, 'utf8'), {
      filename: f, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' },
    }).code, f);
    const { toLogTimestamp } = require(process.argv[1]);
    process.stdout.write(JSON.stringify(JSON.parse(process.argv[2]).map((n) => toLogTimestamp(n))));
  `;
  const result = spawnSync(
    process.execPath,
    ['-e', script, path.join(__dirname, 'timestamps.ts'), JSON.stringify(inputs)],
    {
      cwd: __dirname,
      env: { ...process.env, TZ: tz },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as string[];
}

describe('toLogTimestamp', () => {
  // Scenario 30: valid strings are sent unchanged.
  it.each(['2021-10-26T23:17:12Z', '2021-10-26T23:17:12.0000Z'])('passes %p through unchanged', (ts) => {
    expect(toLogTimestamp(ts)).toBe(ts);
  });

  // Scenario 29.
  it.each(['2021-10-26T23:17:12+04:00', '2021-10-26 23:17:12Z', '2021-10-26T23:17:12'])(
    'rejects %p with the upstream message',
    (ts) => {
      expect(() => toLogTimestamp(ts)).toThrow(
        new InvalidArgumentError(`Timestamp ${ts} has an invalid format.`),
      );
    },
  );

  // Scenario 28, in three zones: local wall-clock time followed by Z.
  it.each([
    ['UTC', '2023-07-13T21:53:49Z', '2023-07-13T20:30:29Z'],
    ['Asia/Kolkata', '2023-07-14T03:23:49Z', '2023-07-14T02:00:29Z'],
    ['America/New_York', '2023-07-13T17:53:49Z', '2023-07-13T16:30:29Z'],
  ])('formats epoch seconds in local time (TZ=%s)', (tz, before, after) => {
    expect(formatInZone(tz, [1689285229, 1689280229])).toEqual([before, after]);
  });

  it('adds microseconds only when they are non-zero', () => {
    expect(formatInZone('UTC', [1.5, -1, 0.0000004, 0.9999996])).toEqual([
      '1970-01-01T00:00:01.500000Z',
      '1969-12-31T23:59:59Z',
      '1970-01-01T00:00:00Z',
      '1970-01-01T00:00:01Z',
    ]);
  });

  it('rejects instants outside years 1-9999', () => {
    expect(() => formatEpochSecondsAsLocal(253402400000)).toThrow(InvalidArgumentError);
    expect(() => formatEpochSecondsAsLocal(-62135700000)).toThrow(InvalidArgumentError);
  });

  it.each([[true], [null], [{}], [Number.NaN], [Number.POSITIVE_INFINITY]])('rejects %p', (value) => {
    expect(() => toLogTimestamp(value)).toThrow(
      'timestampBefore and timestampAfter must be either string or number types.',
    );
  });
});
