/**
 * DIRECT download backend for `gcs` checkpoint storage, on `@google-cloud/storage` (an optional
 * peer dependency loaded on first use). Credentials are Google's application defaults; an
 * emulator or private endpoint is named by `STORAGE_EMULATOR_HOST` or `apiEndpoint`.
 */

import { PassThrough, type Readable } from 'node:stream';
import { NoDirectStorageAccessError, StorageRequestError } from './errors';
import { loadOptional } from './load-optional';
import { type ObjectStore, relativeKey, type StoredObject } from './object-store';
import { checkpointKeyPrefix, type GcsStorageConfig } from './storage-config';

const PACKAGE = '@google-cloud/storage';

/** Map a Google Cloud Storage error: 401/403 or missing credentials allow AUTO to use the master. */
export function mapGcsError(error: unknown, location: string): Error {
  if (error instanceof Error && error.name === 'AbortError') return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  if (code === 401 || code === 403 || /default credentials/i.test(reason)) {
    return new NoDirectStorageAccessError(`Access to ${location} was denied: ${reason}`, { cause: error });
  }
  return new StorageRequestError(`GCS request for ${location} failed: ${reason}`, { cause: error });
}

/**
 * The library reports HTTP errors on its stream; hand the bytes on through a stream that fails
 * with the translated error, and stop the download when the consumer or the signal gives up.
 */
function translatedStream(
  source: Readable,
  options: { signal: AbortSignal; mapError: (error: unknown) => Error },
): Readable {
  const out = new PassThrough();
  const onAbort = (): void => {
    out.destroy(options.signal.reason instanceof Error ? options.signal.reason : new Error('aborted'));
  };
  options.signal.addEventListener('abort', onAbort, { once: true });
  source.on('error', (error: unknown) => out.destroy(options.mapError(error)));
  out.on('close', () => {
    options.signal.removeEventListener('abort', onAbort);
    source.destroy();
  });
  source.pipe(out);
  return out;
}

/** Options of `openGcsStore`. */
export interface OpenGcsStoreOptions {
  readonly config: GcsStorageConfig;
  readonly uuid: string;
  /** JSON API endpoint, e.g. `http://127.0.0.1:4443` (default: the library's, or the emulator's). */
  readonly apiEndpoint?: string | undefined;
}

function sizeOf(value: string | number | undefined): number {
  const size = Number(value ?? 0);
  return Number.isFinite(size) ? size : 0;
}

/** An object store over the checkpoint's objects in a GCS bucket. */
export async function openGcsStore(options: OpenGcsStoreOptions): Promise<ObjectStore> {
  const { config, uuid } = options;
  const sdk = await loadOptional(PACKAGE, 'gcs', () => import('@google-cloud/storage'));
  const prefix = checkpointKeyPrefix(config.prefix, uuid);
  const location = `gs://${config.bucket}/${prefix}`;
  let storage: InstanceType<typeof sdk.Storage>;
  try {
    // The library's retries outlive a cancelled read (its timer re-sends the request after the
    // stream was destroyed), so a cancelled or failed download would leave requests behind.
    const retryOptions = { autoRetry: false };
    storage = new sdk.Storage(
      options.apiEndpoint === undefined
        ? { retryOptions }
        : { apiEndpoint: options.apiEndpoint, retryOptions },
    );
  } catch (error) {
    throw mapGcsError(error, location);
  }
  const bucket = storage.bucket(config.bucket);
  return {
    location,
    async *list(signal: AbortSignal): AsyncIterable<StoredObject> {
      let pageToken: string | undefined;
      do {
        signal.throwIfAborted();
        const [files, next] = await bucket
          .getFiles({ prefix, autoPaginate: false, ...(pageToken === undefined ? {} : { pageToken }) })
          .catch((error: unknown) => {
            throw mapGcsError(error, location);
          });
        for (const file of files) {
          const rel = relativeKey(file.name, prefix);
          if (rel !== null) yield { key: file.name, rel, size: sizeOf(file.metadata.size) };
        }
        pageToken = next?.pageToken;
      } while (pageToken !== undefined);
    },
    async read(object: StoredObject, signal: AbortSignal): Promise<Readable> {
      signal.throwIfAborted();
      return translatedStream(bucket.file(object.key).createReadStream(), {
        signal,
        mapError: (error) => mapGcsError(error, `${location}${object.rel}`),
      });
    },
  };
}
