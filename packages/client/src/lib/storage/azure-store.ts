/**
 * DIRECT download backend for `azure` checkpoint storage, on `@azure/storage-blob` (an optional
 * peer dependency loaded on first use). Unlike the Python SDK, downloading never tries to create
 * the container: a read-only credential is enough.
 */

import { Readable } from 'node:stream';
import { NoDirectStorageAccessError, StorageRequestError } from './errors';
import { loadOptional } from './load-optional';
import { type ObjectStore, relativeKey, type StoredObject } from './object-store';
import { type AzureStorageConfig, checkpointKeyPrefix } from './storage-config';

const PACKAGE = '@azure/storage-blob';

type AzureSdk = typeof import('@azure/storage-blob');

/** Map an Azure error: 401/403 is denied access (AUTO still never uses the master for Azure). */
export function mapAzureError(error: unknown, location: string): Error {
  if (error instanceof Error && error.name === 'AbortError') return error;
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  const code = (error as { code?: unknown } | undefined)?.code;
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  if (status === 401 || status === 403) {
    return new NoDirectStorageAccessError(`Access to ${location} was denied (${String(code)}): ${reason}`, {
      cause: error,
    });
  }
  return new StorageRequestError(`Azure request for ${location} failed (${String(code)}): ${reason}`, {
    cause: error,
  });
}

/** The account name of an account URL: the first host label, or the first path segment (emulators). */
function accountName(accountUrl: string): string {
  const url = new URL(accountUrl);
  const label = url.hostname.split('.')[0] ?? '';
  const isAddress = /^[0-9]+$/.test(label) || url.hostname === 'localhost';
  return isAddress ? (url.pathname.split('/').find((part) => part !== '') ?? '') : label;
}

function serviceClient(sdk: AzureSdk, config: AzureStorageConfig) {
  if (config.connectionString !== null)
    return sdk.BlobServiceClient.fromConnectionString(config.connectionString);
  const accountUrl = config.accountUrl ?? '';
  const credential = config.credential;
  if (credential === null) return new sdk.BlobServiceClient(accountUrl);
  // A SAS token goes into the URL; anything else is the account key.
  if (/(^|[?&])sig=/.test(credential)) {
    const separator = accountUrl.includes('?') ? '&' : '?';
    return new sdk.BlobServiceClient(`${accountUrl}${separator}${credential.replace(/^\?/, '')}`);
  }
  const shared = new sdk.StorageSharedKeyCredential(accountName(accountUrl), credential);
  return new sdk.BlobServiceClient(accountUrl, shared);
}

/** Options of `openAzureStore`. */
export interface OpenAzureStoreOptions {
  readonly config: AzureStorageConfig;
  readonly uuid: string;
}

/** An object store over the checkpoint's blobs (names `<uuid>/...`) in an Azure container. */
export async function openAzureStore(options: OpenAzureStoreOptions): Promise<ObjectStore> {
  const { config, uuid } = options;
  const sdk = await loadOptional(PACKAGE, 'azure', () => import('@azure/storage-blob'));
  const prefix = checkpointKeyPrefix(null, uuid);
  const location = `azure://${config.container}/${prefix}`;
  let container: ReturnType<ReturnType<typeof serviceClient>['getContainerClient']>;
  try {
    container = serviceClient(sdk, config).getContainerClient(config.container);
  } catch (error) {
    throw new StorageRequestError(`Cannot connect to Azure storage for ${location}: ${String(error)}`, {
      cause: error,
    });
  }
  return {
    location,
    async *list(signal: AbortSignal): AsyncIterable<StoredObject> {
      try {
        for await (const blob of container.listBlobsFlat({ prefix, abortSignal: signal })) {
          const rel = relativeKey(blob.name, prefix);
          if (rel !== null) yield { key: blob.name, rel, size: blob.properties.contentLength ?? 0 };
        }
      } catch (error) {
        throw mapAzureError(error, location);
      }
    },
    async read(object: StoredObject, signal: AbortSignal): Promise<Readable> {
      const response = await container
        .getBlobClient(object.key)
        .download(0, undefined, { abortSignal: signal })
        .catch((error: unknown) => {
          throw mapAzureError(error, `${location}${object.rel}`);
        });
      const body = response.readableStreamBody;
      if (!(body instanceof Readable)) {
        throw new StorageRequestError(`Azure returned no readable body for ${location}${object.rel}`);
      }
      return body;
    },
  };
}
