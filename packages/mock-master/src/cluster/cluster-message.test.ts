import { ClusterMessageStore, parseGoDuration } from './cluster-message';

describe('Go durations and the cluster message', () => {
  it('parses Go duration strings and rejects anything else', () => {
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('1.5h')).toBe(5_400_000);
    expect(parseGoDuration('250ms')).toBe(250);
    expect(parseGoDuration('0')).toBe(0);
    for (const bad of ['', '10', '1 h', 'h', '1d', '5m garbage']) expect(parseGoDuration(bad)).toBeNull();
  });

  it('is active only between its start and end', () => {
    const store = new ClusterMessageStore();
    store.set({ message: 'm', startTime: '2024-01-01T00:00:00Z', duration: '1h' }, '2023-12-31T00:00:00Z');
    expect(store.active(Date.parse('2023-12-31T23:00:00Z'))).toBeNull();
    expect(store.active(Date.parse('2024-01-01T00:30:00Z'))?.message).toBe('m');
    expect(store.active(Date.parse('2024-01-01T01:00:00Z'))).toBeNull();
    expect(() =>
      store.set({ message: 'm', startTime: '2024-01-02T00:00:00Z', endTime: '2024-01-01T00:00:00Z' }, ''),
    ).toThrow('end time must be after start time');
  });

  it('echoes its times in the master encoding: microseconds kept, 0, 3 or 6 fraction digits, Z', () => {
    const store = new ClusterMessageStore();
    store.set(
      { message: 'm', startTime: '2024-01-01T00:00:00Z', endTime: '2025-05-04T10:11:12.123456Z' },
      '',
    );
    expect(store.get()).toMatchObject({
      startTime: '2024-01-01T00:00:00Z',
      endTime: '2025-05-04T10:11:12.123456Z',
    });
    store.set({ message: 'm', startTime: '2035-01-01T00:00:00.000Z', duration: '22h' }, '');
    expect(store.get()).toMatchObject({ startTime: '2035-01-01T00:00:00Z', endTime: '2035-01-01T22:00:00Z' });
    store.set(
      { message: 'm', startTime: '2024-01-01T02:00:00.5+02:00', endTime: '2024-01-01T00:00:01.1234567Z' },
      '',
    );
    expect(store.get()).toMatchObject({
      startTime: '2024-01-01T00:00:00.500Z',
      endTime: '2024-01-01T00:00:01.123457Z',
    });
    expect(() => store.set({ message: 'm', startTime: 'yesterday' }, '')).toThrow(
      'invalid startTime: yesterday',
    );
  });
});
