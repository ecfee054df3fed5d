/**
 * DIRECT download backend for `s3` checkpoint storage, on the AWS SDK v3 (`@aws-sdk/client-s3`,
 * an optional peer dependency loaded on first use).
 */

import { Readable } from 'node:stream';
import { NoDirectStorageAccessError, StorageRequestError } from './errors';
import { loadOptional } from './load-optional';
import { type ObjectStore, relativeKey, type StoredObject } from './object-store';
import { checkpointKeyPrefix, type S3StorageConfig } from './storage-config';

const PACKAGE = '@aws-sdk/client-s3';
const DENIED_CODES = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'CredentialsProviderError',
]);

interface AwsErrorShape {
  name?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Map an AWS SDK error: denied access or missing credentials allow AUTO to use the master. */
export function mapS3Error(error: unknown, location: string): Error {
  if (error instanceof Error && error.name === 'AbortError') return error;
  const shape = (error ?? {}) as AwsErrorShape;
  const code = shape.Code ?? shape.name ?? '';
  const reason = error instanceof Error ? error.message : String(error);
  if (DENIED_CODES.has(code) || shape.$metadata?.httpStatusCode === 403) {
    return new NoDirectStorageAccessError(`Access to ${location} was denied (${code}): ${reason}`, {
      cause: error,
    });
  }
  return new StorageRequestError(`S3 request for ${location} failed (${code || 'error'}): ${reason}`, {
    cause: error,
  });
}

function defaultRegion(env: NodeJS.ProcessEnv): string {
  return env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
}

/** Options of `openS3Store`. */
export interface OpenS3StoreOptions {
  readonly config: S3StorageConfig;
  readonly uuid: string;
  /** Environment for the region (default `process.env`); credentials follow the AWS chain. */
  readonly env?: NodeJS.ProcessEnv | undefined;
}

/** An object store over the checkpoint's objects in S3 (or an S3-compatible server). */
export async function openS3Store(options: OpenS3StoreOptions): Promise<ObjectStore> {
  const { config, uuid } = options;
  const sdk = await loadOptional(PACKAGE, 's3', () => import('@aws-sdk/client-s3'));
  const prefix = checkpointKeyPrefix(config.prefix, uuid);
  const location = `s3://${config.bucket}/${prefix}`;
  const credentials =
    config.accessKey !== null && config.secretKey !== null
      ? { accessKeyId: config.accessKey, secretAccessKey: config.secretKey }
      : undefined;
  const client = new sdk.S3Client({
    region: defaultRegion(options.env ?? process.env),
    followRegionRedirects: true,
    ...(config.endpointUrl === null ? {} : { endpoint: config.endpointUrl, forcePathStyle: true }),
    ...(credentials === undefined ? {} : { credentials }),
  });
  return {
    location,
    async *list(signal: AbortSignal): AsyncIterable<StoredObject> {
      let token: string | undefined;
      do {
        const page = await client
          .send(
            new sdk.ListObjectsV2Command({ Bucket: config.bucket, Prefix: prefix, ContinuationToken: token }),
            { abortSignal: signal },
          )
          .catch((error: unknown) => {
            throw mapS3Error(error, location);
          });
        for (const object of page.Contents ?? []) {
          const rel = object.Key === undefined ? null : relativeKey(object.Key, prefix);
          if (object.Key !== undefined && rel !== null) {
            yield { key: object.Key, rel, size: object.Size ?? 0 };
          }
        }
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
    },
    async read(object: StoredObject, signal: AbortSignal): Promise<Readable> {
      const response = await client
        .send(new sdk.GetObjectCommand({ Bucket: config.bucket, Key: object.key }), { abortSignal: signal })
        .catch((error: unknown) => {
          throw mapS3Error(error, `${location}${object.rel}`);
        });
      const body = response.Body;
      if (!(body instanceof Readable)) {
        throw new StorageRequestError(`S3 returned no readable body for s3://${config.bucket}/${object.key}`);
      }
      return body;
    },
  };
}
