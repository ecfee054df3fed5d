/**
 * Naming what was wrong with an archive: zlib's and tar's raw errors (and a body that died
 * mid-transfer) become one sentence for an `ArchiveExtractionError`.
 */

const PROBLEMS: readonly { readonly test: RegExp; readonly problem: string }[] = [
  {
    test: /incorrect header check|unknown compression method|Z_VERSION_ERROR/i,
    problem: 'the body is not a gzip-compressed tar archive',
  },
  {
    test: /unexpected end of file|Z_BUF_ERROR|truncated|premature/i,
    problem: 'the archive is truncated',
  },
  {
    test: /Z_DATA_ERROR|invalid (?:block type|distance|stored block|code|literal)|too many length|header crc/i,
    problem: 'the gzip data is corrupt',
  },
  {
    test: /TAR_BAD_ARCHIVE|TAR_ENTRY_INVALID|invalid tar|checksum|unrecognized archive/i,
    problem: 'the body is not a valid tar archive',
  },
  { test: /TAR_ENTRY_UNSUPPORTED/, problem: 'the archive holds an entry of a type that cannot be extracted' },
];

type ErrorLike = Error & { code?: unknown; tarCode?: unknown };

function isErrorLike(value: unknown): value is ErrorLike {
  // zlib's and tar's errors may come from another realm (e.g. under jest): no `instanceof Error`.
  return typeof value === 'object' && value !== null && typeof (value as Error).message === 'string';
}

function messageOf(error: unknown): string {
  return isErrorLike(error) ? error.message : String(error);
}

/** The codes an error carries as strings: zlib's `code`, tar's `tarCode`. */
function codesOf(error: ErrorLike): string[] {
  return [error.code, error.tarCode].filter((code): code is string => typeof code === 'string');
}

/** True for errors raised by zlib or by the tar parser/extractor. */
export function isArchiveLibraryError(error: unknown): error is ErrorLike {
  return isErrorLike(error) && codesOf(error).some((code) => /^(?:Z_|TAR_)/.test(code));
}

/**
 * What was wrong, as a sentence: a recognised zlib/tar failure, a body that failed before the
 * archive ended (`fromBody`), or files that could not be written.
 */
export function describeArchiveFailure(error: unknown, options: { fromBody: boolean }): string {
  const detail = messageOf(error).split('\n')[0];
  if (isArchiveLibraryError(error)) {
    const text = `${codesOf(error).join(' ')} ${error.message}`;
    for (const { test, problem } of PROBLEMS) {
      if (test.test(text)) return problem;
    }
    return `the archive could not be read (${detail})`;
  }
  if (options.fromBody) return `the download was interrupted before the archive ended (${detail})`;
  return `the extracted files could not be written (${detail})`;
}
