import { resetDeprecationWarnings, warnDeprecated } from './deprecation';

describe('warnDeprecated', () => {
  beforeEach(() => resetDeprecationWarnings());

  it('logs a given key only once per process', () => {
    const logger = { warn: jest.fn() };
    warnDeprecated('Trial.logs', 'Trial.logs is deprecated', logger);
    warnDeprecated('Trial.logs', 'Trial.logs is deprecated', logger);
    warnDeprecated('Model.get_versions', 'Model.get_versions is deprecated', logger);
    expect(logger.warn.mock.calls).toEqual([
      ['Trial.logs is deprecated'],
      ['Model.get_versions is deprecated'],
    ]);
  });

  it('warns again after a reset', () => {
    const logger = { warn: jest.fn() };
    warnDeprecated('k', 'm', logger);
    resetDeprecationWarnings();
    warnDeprecated('k', 'm', logger);
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  it('emits a process DeprecationWarning when no logger is given', () => {
    const emit = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      warnDeprecated('k2', 'old API');
      expect(emit).toHaveBeenCalledWith('old API', {
        type: 'DeprecationWarning',
        code: 'DETERMINED_DEPRECATED',
      });
    } finally {
      emit.mockRestore();
    }
  });
});
