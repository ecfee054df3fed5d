import { knownMasterVersions, operationSince, specMasterVersion } from './generated/operation-versions';
import { compareMasterVersions, missingOperation, parseMasterVersion } from './master-version';

describe('master versions of the operations', () => {
  it('ship with the bindings: the spec’s version, the vendored versions and each operation’s first one', () => {
    expect(specMasterVersion).toBe('0.38.1');
    expect(knownMasterVersions).toEqual(['0.37.0', '0.38.1']);
    expect(operationSince.GetExperiment).toBe('0.37.0');
    expect(operationSince.PostAccessToken).toBe('0.38.1');
  });

  it('name what a 0.37.0 master lacks: the operation, the master’s version and the first version with it', () => {
    expect(missingOperation('PostAccessToken', '0.37.0')).toEqual({
      operationId: 'PostAccessToken',
      masterVersion: '0.37.0',
      since: '0.38.1',
    });
    expect(missingOperation('GetAccessTokens', '0.37.5')).toMatchObject({ since: '0.38.1' });
  });

  it('let a master of that version or newer (pre-releases included) call it', () => {
    expect(missingOperation('PostAccessToken', '0.38.1')).toBeUndefined();
    expect(missingOperation('PostAccessToken', '0.39.0-dev0')).toBeUndefined();
    expect(missingOperation('PostAccessToken', 'v1.0.0')).toBeUndefined();
  });

  it('never refuse an operation of the oldest vendored spec, nor when the master’s version does not parse', () => {
    expect(missingOperation('GetExperiment', '0.20.0')).toBeUndefined();
    expect(missingOperation('PostAccessToken', 'unknown')).toBeUndefined();
  });

  it('compare versions numerically by their core', () => {
    expect(parseMasterVersion('0.38.2-rc1')).toEqual([0, 38, 2]);
    expect(compareMasterVersions('0.9.9', '0.38.0')).toBeLessThan(0);
    expect(compareMasterVersions('0.38.1+build', '0.38.1')).toBe(0);
    expect(compareMasterVersions('0.38.1', 'main')).toBeUndefined();
  });
});
