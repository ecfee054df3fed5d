/**
 * Naming what was wrong with a checkpoint archive from the master: zlib's and tar's raw errors
 * become a `CorruptCheckpointError` that names the checkpoint.
 */

import { DeterminedError } from '../../core/errors';
import { CorruptCheckpointError } from './errors';

const PROBLEMS: readonly { readonly test: RegExp; readonly problem: string }[] = [
  {
    test: /incorrect header check|Z_DATA_ERROR|invalid (?:block type|distance|stored block|code)/i,
    problem: 'the body is not a gzip-compressed tar archive',
  },
  {
    test: /unexpected end of file|Z_BUF_ERROR|TAR_BAD_ARCHIVE.*(?:truncated|end)/i,
    problem: 'the archive is truncated',
  },
  {
    test: /TAR_BAD_ARCHIVE|TAR_ENTRY_INVALID|invalid tar|checksum/i,
    problem: 'the body is not a valid tar archive',
  },
];

function isErrorLike(value: unknown): value is Error {
  return typeof value === 'object' && value !== null && typeof (value as Error).message === 'string';
}

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return `${code} ${error.message}`;
}

/**
 * The typed error for a failed extraction of checkpoint `uuid`: our own errors and cancellations
 * pass unchanged; recognised zlib/tar failures become `CorruptCheckpointError`.
 */
export function archiveError(error: unknown, uuid: string): unknown {
  // zlib's errors may come from another realm (e.g. under jest), so no `instanceof Error`.
  if (error instanceof DeterminedError || !isErrorLike(error)) return error;
  const text = describe(error);
  for (const { test, problem } of PROBLEMS) {
    if (test.test(text)) return new CorruptCheckpointError(uuid, problem, { cause: error });
  }
  if (/^(?:Z_|TAR_)/.test((error as NodeJS.ErrnoException).code ?? '')) {
    return new CorruptCheckpointError(uuid, error.message, { cause: error });
  }
  return error;
}
