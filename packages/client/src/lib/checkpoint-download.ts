/**
 * `Checkpoint.download` (Python SDK section 5.1) and `write_metadata_file` (5.2). The master
 * fetch is injected; cloud storage (s3/gcs/azure) is read by the backends in `./storage`.
 */

import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { AbortError, DeterminedError, InvalidArgumentError } from '../core/errors';
import { pythonJson } from '../core/python-json';
import type { FacadeLogger } from './deprecation';
import { type CheckpointState, DownloadMode, CheckpointState as States } from './enums';
import { copyTree, extractArchiveAtomically, isNotFound, sharedFsCandidates } from './path-utils';
import { boundedGunzip, expandedSizeLimit } from './storage/bounded-gunzip';
import { type DirectStorageSettings, downloadFromCloud, isCloudStorage } from './storage/direct-download';
import {
  CheckpointFilesNotFoundError,
  CheckpointStateError,
  MultipleDownloadsFailedError,
  NoDirectStorageAccessError,
} from './storage/errors';
import { type ProgressListener, ProgressReporter, totalsFromResources } from './storage/progress';

export {
  extractArchiveAtomically,
  fullStoragePath,
  sharedFsCandidates,
  UnsafeArchiveEntryError,
} from './path-utils';
export type { DirectStorageSettings } from './storage/direct-download';
export {
  ArchiveExtractionError,
  CheckpointFilesNotFoundError,
  CheckpointNotFoundError,
  CheckpointStateError,
  CorruptCheckpointError,
  MissingStorageLibraryError,
  MultipleDownloadsFailedError,
  NoDirectStorageAccessError,
  StorageConfigError,
  StorageRequestError,
} from './storage/errors';
export type { DownloadProgress, ProgressListener } from './storage/progress';

/** The checkpoint fields `downloadCheckpoint` needs. */
export interface DownloadableCheckpoint {
  readonly uuid: string;
  readonly state: CheckpointState | null;
  readonly training: { readonly experimentConfig: Readonly<Record<string, unknown>> } | null;
  readonly metadata: unknown;
  /** Relative path → size as a string, for progress totals (`null` when unknown). */
  readonly resources?: Readonly<Record<string, string>> | null;
}

/**
 * Write `metadata` as Python's `json.dump(metadata, f, indent=2)` does (ASCII-only with `\uXXXX`
 * escapes, no trailing newline). Keys keep JavaScript object order.
 */
export async function writeMetadataFile(filePath: string, metadata: unknown): Promise<void> {
  await writeFile(filePath, pythonJsonDumps(metadata));
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

async function copyCheckpoint(src: string, target: string): Promise<void> {
  try {
    await copyTree(src, target);
  } catch (error) {
    // Like shutil.Error, a failed copy is not a "not found" that would fall back to the master.
    throw new DeterminedError(`Failed to copy checkpoint from ${src} to ${target}: ${String(error)}`, {
      cause: error,
    });
  }
}

async function downloadDirect(
  options: DownloadCheckpointOptions,
  storage: Readonly<Record<string, unknown>>,
  target: string,
  progress: ProgressReporter,
) {
  const { uuid } = options.checkpoint;
  const type = storage.type;
  if (type === 'shared_fs') {
    const candidates = sharedFsCandidates(storage, uuid);
    for (const candidate of candidates) {
      if (await exists(candidate))
        return copyCheckpoint(candidate, target).then(() => progress.finish({ complete: true }));
    }
    throw new CheckpointFilesNotFoundError(
      `Checkpoint ${uuid} not found in ${candidates.join(', ')}. This error could be caused by not having the ` +
        'same shared file system mounted on the local machine as the experiment checkpoint storage configuration.',
    );
  }
  if (type === 'directory') {
    if (typeof storage.container_path !== 'string') {
      throw new DeterminedError('directory checkpoint storage has no container_path');
    }
    const src = path.join(storage.container_path, uuid);
    if (!(await exists(src))) {
      throw new CheckpointFilesNotFoundError(
        `Checkpoint ${uuid} not found in ${src}. This error could be caused by not having the same checkpoint ` +
          'storage directory present on the local machine as the task runtime storage configuration.',
      );
    }
    return copyCheckpoint(src, target).then(() => progress.finish({ complete: true }));
  }
  if (isCloudStorage(storage)) {
    const { signal, storageSettings } = options;
    return downloadFromCloud({ storage, uuid, target, progress, signal, ...storageSettings });
  }
  throw new DeterminedError(`Unknown storage type: ${String(type)}`);
}

/**
 * Python's `json.dumps(value, indent=2)` (ensure_ascii, `NaN`/`Infinity` allowed): items separated
 * by `,` + newline, keys by `": "`, non-ASCII as `\uXXXX` (surrogate pairs beyond the BMP).
 */
export function pythonJsonDumps(value: unknown): string {
  return pythonJson(value, { indent: 2 });
}

/** Options of `downloadCheckpoint`. */
export interface DownloadCheckpointOptions {
  checkpoint: DownloadableCheckpoint;
  /** Target directory; default `checkpoints/<uuid>` relative to the current directory. */
  path?: string | undefined;
  /** Default `DownloadMode.AUTO`. */
  mode?: DownloadMode | undefined;
  /** `GET /checkpoints/{uuid}` with `Accept: application/gzip`: the gzip-compressed tar body. */
  fetchArchive: (signal?: AbortSignal) => Promise<Readable>;
  /** Receives the AUTO fallback notice (at debug level). */
  logger?: (Pick<FacadeLogger, 'info'> & { debug?(message: string): void }) | undefined;
  signal?: AbortSignal | undefined;
  /**
   * Progress `{ bytes, totalBytes, files, totalFiles }`, at most every 100 ms and once at the
   * end (totals from the checkpoint's `resources`, else from the storage listing).
   */
  onProgress?: ProgressListener | undefined;
  /** DIRECT cloud settings beside the storage config (GCS endpoint, concurrency). */
  storageSettings?: DirectStorageSettings | undefined;
}

function checkDownloadableState(state: CheckpointState | null): void {
  if (state === States.COMPLETED || state === States.PARTIALLY_DELETED) return;
  if (state === null) {
    throw new InvalidArgumentError('Checkpoint state is unknown. Please call Checkpoint.reload to refresh.');
  }
  throw new CheckpointStateError(
    `Only COMPLETED or PARTIALLY_DELETED checkpoints can be downloaded. Checkpoint state: ${state}`,
  );
}

function checkpointStorageOf(checkpoint: DownloadableCheckpoint): Readonly<Record<string, unknown>> {
  if (checkpoint.training === null)
    throw new DeterminedError('Non-training checkpoints cannot be downloaded');
  const storage = checkpoint.training.experimentConfig.checkpoint_storage;
  if (typeof storage !== 'object' || storage === null) {
    throw new DeterminedError(
      `The experiment config of checkpoint ${checkpoint.uuid} has no checkpoint_storage`,
    );
  }
  return storage as Readonly<Record<string, unknown>>;
}

async function downloadViaMaster(
  options: DownloadCheckpointOptions,
  target: string,
  progress: ProgressReporter,
): Promise<void> {
  const body = await options.fetchArchive(options.signal);
  const { uuid, resources } = options.checkpoint;
  const maxBytes = expandedSizeLimit(resources);
  const onFile = progress.active ? () => progress.addFile() : undefined;
  await (maxBytes === null
    ? extractArchiveAtomically(body, target, { format: 'tgz', onFile, checkpointUuid: uuid })
    : extractArchiveAtomically(countTarBytes(boundedGunzip(body, { maxBytes, uuid }), progress), target, {
        format: 'tar',
        onFile,
        checkpointUuid: uuid,
      }));
  progress.finish({ complete: true });
}

/**
 * Reports the archive's uncompressed bytes as they reach the extractor, up to the checkpoint's
 * file bytes (tar headers and padding would overshoot them); the final report then says the
 * totals were reached. Without a listener the stream is passed on untouched.
 */
function countTarBytes(tarStream: Readable, progress: ProgressReporter): Readable {
  if (!progress.active) return tarStream;
  const { totalBytes } = progress.snapshot();
  let counted = 0;
  const counter = new Transform({
    highWaterMark: 1 << 20,
    transform(chunk: Buffer, _encoding, done) {
      const credit =
        totalBytes > 0 ? Math.min(chunk.length, Math.max(0, totalBytes - counted)) : chunk.length;
      counted += credit;
      if (credit > 0) progress.addBytes(credit);
      done(null, chunk);
    },
  });
  tarStream.on('error', (error) => counter.destroy(error));
  return tarStream.pipe(counter);
}

function allowsFallback(error: unknown): boolean {
  return (
    error instanceof NoDirectStorageAccessError ||
    error instanceof CheckpointFilesNotFoundError ||
    isNotFound(error)
  );
}

async function downloadAuto(
  options: DownloadCheckpointOptions,
  storage: Readonly<Record<string, unknown>>,
  target: string,
  progress: ProgressReporter,
) {
  try {
    await downloadDirect(options, storage, target, progress);
  } catch (error) {
    // The master cannot proxy Azure downloads.
    if (!allowsFallback(error) || storage.type === 'azure') throw error;
    const reason = error instanceof Error ? error.message : String(error);
    options.logger?.debug?.(`Unable to download directly, proxying download through master: ${reason}`);
    try {
      await downloadViaMaster(options, target, progress);
    } catch (masterError) {
      if (masterError instanceof AbortError) throw masterError;
      throw new MultipleDownloadsFailedError(
        'Auto checkpoint download mode was enabled. Attempted direct download and proxied download through ' +
          'master but they both failed.',
        { cause: masterError },
      );
    }
  }
}

/**
 * Download a checkpoint (section 5.1) and return the target directory. Skips fetching when the
 * target already holds `metadata.json` or `MLmodel`, and writes `metadata.json` when missing.
 */
export async function downloadCheckpoint(options: DownloadCheckpointOptions): Promise<string> {
  const { checkpoint } = options;
  checkDownloadableState(checkpoint.state);
  const target = options.path ?? path.join('checkpoints', checkpoint.uuid);
  const present = await Promise.all(['metadata.json', 'MLmodel'].map((f) => exists(path.join(target, f))));
  if (!present.includes(true)) {
    const storage = checkpointStorageOf(checkpoint);
    const mode = options.mode ?? DownloadMode.AUTO;
    const progress = new ProgressReporter({
      listener: options.onProgress,
      totals: totalsFromResources(checkpoint.resources ?? null),
    });
    if (mode === DownloadMode.DIRECT) await downloadDirect(options, storage, target, progress);
    else if (mode === DownloadMode.MASTER) await downloadViaMaster(options, target, progress);
    else if (mode === DownloadMode.AUTO) await downloadAuto(options, storage, target, progress);
    else throw new InvalidArgumentError(`Unknown download mode ${String(mode)}`);
  }
  const metadataPath = path.join(target, 'metadata.json');
  if (!(await exists(metadataPath))) await writeMetadataFile(metadataPath, checkpoint.metadata);
  return target;
}
