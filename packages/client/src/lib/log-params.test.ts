import { InvalidArgumentError } from '../core/errors';
import { LogLevel } from './enums';
import { trialLogsRequest } from './log-params';

describe('trialLogsRequest', () => {
  it('always sends follow, and nothing else by default', () => {
    expect(trialLogsRequest()).toEqual({ query: { follow: false }, reverse: false });
    expect(trialLogsRequest({ follow: true })).toEqual({ query: { follow: true }, reverse: false });
  });

  it('sends head as limit without an order', () => {
    expect(trialLogsRequest({ head: 10 })).toEqual({ query: { follow: false, limit: 10 }, reverse: false });
  });

  it('sends no limit for head=0', () => {
    expect(trialLogsRequest({ head: 0 }).query).toEqual({ follow: false });
  });

  it('sends tail as limit with descending order and asks for reversal', () => {
    expect(trialLogsRequest({ tail: 5 })).toEqual({
      query: { follow: false, limit: 5, orderBy: 'ORDER_BY_DESC' },
      reverse: true,
    });
  });

  it('sends limit=0 (unlimited) for tail=0, still descending', () => {
    expect(trialLogsRequest({ tail: 0 })).toEqual({
      query: { follow: false, limit: 0, orderBy: 'ORDER_BY_DESC' },
      reverse: true,
    });
  });

  it('sends the minimum level and every more severe level', () => {
    expect(trialLogsRequest({ minLevel: LogLevel.INFO }).query.levels).toEqual([
      'LOG_LEVEL_INFO',
      'LOG_LEVEL_WARNING',
      'LOG_LEVEL_ERROR',
      'LOG_LEVEL_CRITICAL',
    ]);
  });

  it('copies list filters and search text, omitting empty lists', () => {
    const containerIds = ['c1', 'c2'];
    const { query } = trialLogsRequest({
      containerIds,
      rankIds: [0, 1],
      sources: [],
      stdtypes: ['stdout'],
      searchText: '',
    });
    expect(query).toEqual({
      follow: false,
      containerIds: ['c1', 'c2'],
      rankIds: [0, 1],
      stdtypes: ['stdout'],
      searchText: '',
    });
    expect(query.containerIds).not.toBe(containerIds);
  });

  it('sends valid timestamp strings unchanged', () => {
    expect(
      trialLogsRequest({
        timestampBefore: '2021-10-26T23:17:12Z',
        timestampAfter: '2021-10-26T23:17:12.0000Z',
      }).query,
    ).toEqual({
      follow: false,
      timestampBefore: '2021-10-26T23:17:12Z',
      timestampAfter: '2021-10-26T23:17:12.0000Z',
    });
  });

  it('converts epoch-second timestamps to the Z-suffixed format', () => {
    expect(trialLogsRequest({ timestampAfter: 1689280229 }).query.timestampAfter).toMatch(
      /^2023-07-1[34]T\d\d:\d\d:29Z$/,
    );
  });

  it.each([
    [{ head: -1 }, 'head must be non-negative, got -1'],
    [{ tail: -3 }, 'tail must be non-negative, got -3'],
    [{ head: 1.5 }, 'head must be an integer, got 1.5'],
    [{ head: 1, tail: 1 }, 'at most one of head, tail, or follow may be set'],
    [{ head: 0, follow: true }, 'at most one of head, tail, or follow may be set'],
    [{ tail: 2, follow: true }, 'at most one of head, tail, or follow may be set'],
    [{ timestampBefore: '2021-10-26T23:17:12' }, 'Timestamp 2021-10-26T23:17:12 has an invalid format.'],
    [{ timestampAfter: '2021-10-26 23:17:12Z' }, 'Timestamp 2021-10-26 23:17:12Z has an invalid format.'],
  ])('rejects %p', (options, message) => {
    expect(() => trialLogsRequest(options)).toThrow(new InvalidArgumentError(message));
  });

  it('allows follow=false together with head', () => {
    expect(trialLogsRequest({ follow: false, head: 3 }).query).toEqual({ follow: false, limit: 3 });
  });

  it('rejects an unknown minimum level', () => {
    expect(() => trialLogsRequest({ minLevel: 'LOG_LEVEL_UNSPECIFIED' as LogLevel })).toThrow(
      InvalidArgumentError,
    );
  });
});
