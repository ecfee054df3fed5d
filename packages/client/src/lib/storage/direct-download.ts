/**
 * DIRECT downloads from cloud checkpoint storage (`s3`, `gcs`, `azure`; section 5.1): the
 * config is checked, the storage SDK is loaded, and the checkpoint's objects are fetched.
 */

import { openAzureStore } from './azure-store';
import { openGcsStore } from './gcs-store';
import { DEFAULT_DOWNLOAD_CONCURRENCY, downloadObjects } from './object-download';
import type { ObjectStore } from './object-store';
import { ProgressReporter } from './progress';
import { openS3Store } from './s3-store';
import {
  CLOUD_STORAGE_TYPES,
  type CloudStorageConfig,
  parseCloudStorageConfig,
  type StorageConfig,
} from './storage-config';

/** Settings of DIRECT cloud downloads that are not part of the storage config. */
export interface DirectStorageSettings {
  /** GCS JSON API endpoint (default: `STORAGE_EMULATOR_HOST`, else Google's). */
  readonly gcsApiEndpoint?: string | undefined;
  /** Objects fetched at the same time (default 16). */
  readonly concurrency?: number | undefined;
  /** An object body that sends nothing for this long fails (default 60 s). */
  readonly idleTimeoutMs?: number | undefined;
  /** Environment for the AWS region (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv | undefined;
}

/** Options of `downloadFromCloud`. */
export interface DownloadFromCloudOptions extends DirectStorageSettings {
  readonly storage: StorageConfig;
  readonly uuid: string;
  readonly target: string;
  readonly progress?: ProgressReporter | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** True for the storage types `downloadFromCloud` handles. */
export function isCloudStorage(storage: StorageConfig): boolean {
  return CLOUD_STORAGE_TYPES.includes(String(storage.type));
}

/** Open the object store of a checked cloud storage config. */
export async function openObjectStore(
  config: CloudStorageConfig,
  options: { uuid: string } & DirectStorageSettings,
): Promise<ObjectStore> {
  const { uuid } = options;
  if (config.type === 's3') return openS3Store({ config, uuid, env: options.env });
  if (config.type === 'gcs') return openGcsStore({ config, uuid, apiEndpoint: options.gcsApiEndpoint });
  return openAzureStore({ config, uuid });
}

/**
 * Download a checkpoint from `s3`, `gcs` or `azure` storage into `target` atomically. Denied
 * access or missing credentials → `NoDirectStorageAccessError`; no objects →
 * `CheckpointNotFoundError`; a missing SDK → `MissingStorageLibraryError`.
 */
export async function downloadFromCloud(options: DownloadFromCloudOptions): Promise<void> {
  const config = parseCloudStorageConfig(options.storage);
  const store = await openObjectStore(config, options);
  await downloadObjects({
    store,
    uuid: options.uuid,
    target: options.target,
    progress: options.progress ?? new ProgressReporter(),
    signal: options.signal,
    concurrency: options.concurrency ?? DEFAULT_DOWNLOAD_CONCURRENCY,
    idleTimeoutMs: options.idleTimeoutMs,
  });
}
