/**
 * `Checkpoint.download` (Python SDK section 5.1) and `write_metadata_file` (5.2). The master
 * fetch is injected; cloud storage (s3/gcs/azure) is not accessed directly by this SDK.
 */

import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AbortError, DeterminedError, InvalidArgumentError } from '../core/errors';
import { pythonJson } from '../core/python-json';
import type { FacadeLogger } from './deprecation';
import { type CheckpointState, DownloadMode, CheckpointState as States } from './enums';
import { copyTree, extractArchiveAtomically, isNotFound, sharedFsCandidates } from './path-utils';

export {
  extractArchiveAtomically,
  fullStoragePath,
  sharedFsCandidates,
  UnsafeArchiveEntryError,
} from './path-utils';

/** No objects for the checkpoint were found in its storage. */
export class CheckpointNotFoundError extends DeterminedError {
  override readonly name: string = 'CheckpointNotFoundError';
}

/** The checkpoint is in a state that does not allow the operation (e.g. not COMPLETED). */
export class CheckpointStateError extends DeterminedError {
  override readonly name: string = 'CheckpointStateError';
}

/** The checkpoint storage cannot be accessed directly from here (AUTO then uses the master). */
export class NoDirectStorageAccessError extends DeterminedError {
  override readonly name: string = 'NoDirectStorageAccessError';
}

/** A shared_fs/directory checkpoint is not present locally (Python `FileNotFoundError`). */
export class CheckpointFilesNotFoundError extends DeterminedError {
  override readonly name: string = 'CheckpointFilesNotFoundError';
}

/** AUTO mode: the direct download and the download through the master both failed. */
export class MultipleDownloadsFailedError extends DeterminedError {
  override readonly name: string = 'MultipleDownloadsFailedError';
}

/** The checkpoint fields `downloadCheckpoint` needs. */
export interface DownloadableCheckpoint {
  readonly uuid: string;
  readonly state: CheckpointState | null;
  readonly training: { readonly experimentConfig: Readonly<Record<string, unknown>> } | null;
  readonly metadata: unknown;
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

async function downloadDirect(storage: Readonly<Record<string, unknown>>, uuid: string, target: string) {
  const type = storage.type;
  if (type === 'shared_fs') {
    const candidates = sharedFsCandidates(storage, uuid);
    for (const candidate of candidates) {
      if (await exists(candidate)) return copyCheckpoint(candidate, target);
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
    return copyCheckpoint(src, target);
  }
  if (type === 's3' || type === 'gcs' || type === 'azure') {
    throw new NoDirectStorageAccessError(
      `Direct download from ${type} checkpoint storage is not supported by this SDK; download through the master.`,
    );
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
  /** Receives the AUTO fallback notice. */
  logger?: FacadeLogger | undefined;
  signal?: AbortSignal | undefined;
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

async function downloadViaMaster(options: DownloadCheckpointOptions, target: string): Promise<void> {
  const body = await options.fetchArchive(options.signal);
  await extractArchiveAtomically(body, target, { format: 'tgz' });
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
) {
  try {
    await downloadDirect(storage, options.checkpoint.uuid, target);
  } catch (error) {
    // The master cannot proxy Azure downloads.
    if (!allowsFallback(error) || storage.type === 'azure') throw error;
    options.logger?.info('Unable to download directly, proxying download through master');
    try {
      await downloadViaMaster(options, target);
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
    if (mode === DownloadMode.DIRECT) await downloadDirect(storage, checkpoint.uuid, target);
    else if (mode === DownloadMode.MASTER) await downloadViaMaster(options, target);
    else if (mode === DownloadMode.AUTO) await downloadAuto(options, storage, target);
    else throw new InvalidArgumentError(`Unknown download mode ${String(mode)}`);
  }
  const metadataPath = path.join(target, 'metadata.json');
  if (!(await exists(metadataPath))) await writeMetadataFile(metadataPath, checkpoint.metadata);
  return target;
}
