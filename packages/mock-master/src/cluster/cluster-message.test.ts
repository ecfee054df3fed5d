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
});
