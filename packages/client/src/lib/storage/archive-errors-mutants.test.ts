import { describeArchiveFailure, isArchiveLibraryError } from './archive-errors';

const failure = (fields: Record<string, unknown>): Error => Object.assign(new Error(), fields);

describe('isArchiveLibraryError', () => {
  it.each<[string, unknown, boolean]>([
    ['a zlib error', failure({ code: 'Z_DATA_ERROR', message: 'invalid distance' }), true],
    ['a tar error by its tarCode', failure({ tarCode: 'TAR_BAD_ARCHIVE', message: 'bad' }), true],
    ['an error of the file system', failure({ code: 'ENOSPC', message: 'no space' }), false],
    ['a code that only contains Z_', failure({ code: 'EZ_FOO', message: 'x' }), false],
    ['a code that only contains TAR_', failure({ code: 'XTAR_FOO', message: 'x' }), false],
    ['a code that is not a string', failure({ code: ['Z_DATA_ERROR'], message: 'x' }), false],
    ['an object with a code but no message', { code: 'Z_DATA_ERROR' }, false],
    ['a string', 'Z_DATA_ERROR', false],
    ['null', null, false],
    ['undefined', undefined, false],
  ])('%s: %s', (_name, error, expected) => {
    expect(isArchiveLibraryError(error)).toBe(expected);
  });
});

describe('describeArchiveFailure', () => {
  it.each<[string, unknown, string]>([
    [
      'gzip header',
      failure({ code: 'Z_DATA_ERROR', message: 'incorrect header check' }),
      'the body is not a gzip-compressed tar archive',
    ],
    [
      'truncated gzip',
      failure({ code: 'Z_BUF_ERROR', message: 'unexpected end of file' }),
      'the archive is truncated',
    ],
    [
      'corrupt deflate data',
      failure({ code: 'Z_DATA_ERROR', message: 'invalid block type' }),
      'the gzip data is corrupt',
    ],
    [
      'a tar code alone',
      failure({ tarCode: 'TAR_ENTRY_INVALID', message: 'something odd' }),
      'the body is not a valid tar archive',
    ],
    [
      'a tar code beside a code that is no string',
      failure({ code: 5, tarCode: 'TAR_BAD_ARCHIVE', message: 'm' }),
      'the body is not a valid tar archive',
    ],
    [
      'an unsupported entry',
      failure({ tarCode: 'TAR_ENTRY_UNSUPPORTED', message: 'x' }),
      'the archive holds an entry of a type that cannot be extracted',
    ],
    [
      'an unknown library error, first line only',
      failure({ code: 'Z_NEED_DICT', message: 'needs a dictionary\nmore' }),
      'the archive could not be read (needs a dictionary)',
    ],
  ])('%s', (_name, error, expected) => {
    expect(describeArchiveFailure(error, { fromBody: true })).toBe(expected);
    expect(describeArchiveFailure(error, { fromBody: false })).toBe(expected);
  });

  it('tells a body that failed from files that could not be written', () => {
    const error = failure({ code: 'ECONNRESET', message: 'socket hang up' });
    expect(describeArchiveFailure(error, { fromBody: true })).toBe(
      'the download was interrupted before the archive ended (socket hang up)',
    );
    const disk = failure({ code: 'ENOSPC', message: 'no space left on device\nstack' });
    expect(describeArchiveFailure(disk, { fromBody: false })).toBe(
      'the extracted files could not be written (no space left on device)',
    );
  });

  it('names values that are not errors by their text', () => {
    expect(describeArchiveFailure('boom', { fromBody: true })).toBe(
      'the download was interrupted before the archive ended (boom)',
    );
    expect(describeArchiveFailure(null, { fromBody: false })).toBe(
      'the extracted files could not be written (null)',
    );
    expect(describeArchiveFailure({ code: 'Z_DATA_ERROR' }, { fromBody: false })).toBe(
      'the extracted files could not be written ([object Object])',
    );
  });
});
