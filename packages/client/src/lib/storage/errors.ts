/**
 * Errors of checkpoint downloads (Python SDK section 5.1), in a leaf module so that the storage
 * backends and the download dispatcher share one definition of each class.
 */

import { DeterminedError } from '../../core/errors';

/** No objects for the checkpoint were found in its storage. */
export class CheckpointNotFoundError extends DeterminedError {
  /** Always `'CheckpointNotFoundError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'CheckpointNotFoundError';
}

/** The checkpoint is in a state that does not allow the operation (e.g. not COMPLETED). */
export class CheckpointStateError extends DeterminedError {
  /** Always `'CheckpointStateError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'CheckpointStateError';
}

/** The checkpoint storage cannot be accessed directly from here (AUTO then uses the master). */
export class NoDirectStorageAccessError extends DeterminedError {
  /** Always `'NoDirectStorageAccessError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'NoDirectStorageAccessError';
}

/** A shared_fs/directory checkpoint is not present locally (Python `FileNotFoundError`). */
export class CheckpointFilesNotFoundError extends DeterminedError {
  /** Always `'CheckpointFilesNotFoundError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'CheckpointFilesNotFoundError';
}

/** AUTO mode: the direct download and the download through the master both failed. */
export class MultipleDownloadsFailedError extends DeterminedError {
  /** Always `'MultipleDownloadsFailedError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'MultipleDownloadsFailedError';
}

/** The checkpoint storage config cannot be used (missing or unexpected keys, a bad prefix). */
export class StorageConfigError extends DeterminedError {
  /** Always `'StorageConfigError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'StorageConfigError';
}

/** A cloud storage SDK needed for a DIRECT download is not installed. */
export class MissingStorageLibraryError extends DeterminedError {
  /** Always `'MissingStorageLibraryError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'MissingStorageLibraryError';

  constructor(
    /** The npm package to install, e.g. `@aws-sdk/client-s3`. */
    readonly packageName: string,
    options: { storageType: string; cause?: unknown },
  ) {
    super(
      `Downloading a checkpoint directly from ${options.storageType} storage needs the optional package ` +
        `${packageName}: run \`npm install ${packageName}\`, or download with mode 'master'.`,
      { cause: options.cause },
    );
  }
}

/** A cloud storage request failed for another reason than denied access (not retried on the master). */
export class StorageRequestError extends DeterminedError {
  /** Always `'StorageRequestError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'StorageRequestError';
}

/** An archive entry would be written outside the target directory. */
export class UnsafeArchiveEntryError extends DeterminedError {
  /** Always `'UnsafeArchiveEntryError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'UnsafeArchiveEntryError';
}

/**
 * An archive could not be turned into files: not gzip or not tar, truncated, corrupt, too large
 * when decompressed, cut off mid-transfer, or its files could not be written. Names what was
 * being extracted and what was wrong; the zlib/tar/file-system error is the `cause`.
 */
export class ArchiveExtractionError extends DeterminedError {
  /** Always `'ArchiveExtractionError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'ArchiveExtractionError';

  constructor(
    /** What was being extracted, e.g. `The model definition of experiment 3`. */
    readonly subject: string,
    /** What was wrong, e.g. `the body is not a gzip-compressed tar archive`. */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${subject} could not be extracted: ${problem}`, options);
  }
}

/**
 * A checkpoint body or object could not be turned into files: not an archive, truncated, too
 * large when decompressed, or an object shorter than listed. Names the checkpoint.
 */
export class CorruptCheckpointError extends ArchiveExtractionError {
  /** Always `'CorruptCheckpointError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'CorruptCheckpointError';

  constructor(
    /** UUID of the checkpoint being downloaded. */
    readonly checkpointUuid: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`Checkpoint ${checkpointUuid}`, problem, options);
  }
}
