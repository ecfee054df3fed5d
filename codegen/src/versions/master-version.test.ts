import { compareVersions, parseVersionCore, versionFromFileName } from './master-version';

describe('master versions', () => {
  it('parses release, v-prefixed, short and pre-release versions into their numeric core', () => {
    expect(parseVersionCore('0.38.1')).toEqual([0, 38, 1]);
    expect(parseVersionCore('v0.38.1')).toEqual([0, 38, 1]);
    expect(parseVersionCore('0.38')).toEqual([0, 38, 0]);
    expect(parseVersionCore('0.39.0-dev0+abc')).toEqual([0, 39, 0]);
    expect(parseVersionCore('latest')).toBeUndefined();
  });

  it('orders versions numerically, not as text', () => {
    expect(compareVersions('0.9.0', '0.38.1')).toBeLessThan(0);
    expect(compareVersions('0.38.1', '0.37.0')).toBeGreaterThan(0);
    expect(compareVersions('0.38.1', '0.38.1-dev0')).toBe(0);
    expect(() => compareVersions('0.38.1', 'nightly')).toThrow('not a master version: nightly');
  });

  it('reads the version from a vendored spec file name only', () => {
    expect(versionFromFileName('determined-0.37.0.swagger.json')).toBe('0.37.0');
    expect(versionFromFileName('determined-0.39.0-rc1.swagger.json')).toBe('0.39.0-rc1');
    expect(versionFromFileName('spec.json')).toBeUndefined();
  });
});
