/**
 * Uploading a checkpoint directory to S3, GCS or Azure with the cloud SDKs (optional peer
 * dependencies of the mock, loaded only when an experiment config names such a storage).
 */

import { createReadStream, readdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CloudTarget } from './cloud-target';

interface Entry {
  readonly rel: string;
  readonly abs: string;
  readonly isDir: boolean;
}

/** Files and directories below `root` (directories end with `/`). */
function listEntries(root: string, prefix = ''): Entry[] {
  const out: Entry[] = [];
  for (const entry of readdirSync(path.join(root, prefix), { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      out.push({ rel: `${rel}/`, abs: path.join(root, rel), isDir: true }, ...listEntries(root, rel));
    } else if (entry.isFile()) out.push({ rel, abs: path.join(root, rel), isDir: false });
  }
  return out;
}

/** A cloud SDK the mock needs for an experiment's storage is not installed. */
export class MissingCloudSdkError extends Error {
  override readonly name = 'MissingCloudSdkError';
}

async function load<T>(name: string, importer: () => Promise<T>): Promise<T> {
  try {
    return await importer();
  } catch (error) {
    throw new MissingCloudSdkError(
      `the mock master needs ${name} to write checkpoints there: npm install ${name}`,
      {
        cause: error,
      },
    );
  }
}

type Put = (rel: string, file: string | null, size: number) => Promise<void>;

async function s3Put(target: Extract<CloudTarget, { type: 's3' }>): Promise<Put> {
  const sdk = await load('@aws-sdk/client-s3', () => import('@aws-sdk/client-s3'));
  const client = new sdk.S3Client({
    endpoint: target.endpointUrl,
    region: process.env.AWS_REGION ?? 'us-east-1',
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    ...(target.accessKey !== null && target.secretKey !== null
      ? { credentials: { accessKeyId: target.accessKey, secretAccessKey: target.secretKey } }
      : {}),
  });
  return async (key, file, size) => {
    const body = file === null ? '' : createReadStream(file);
    await client.send(
      new sdk.PutObjectCommand({ Bucket: target.bucket, Key: key, Body: body, ContentLength: size }),
    );
  };
}

async function gcsPut(target: Extract<CloudTarget, { type: 'gcs' }>): Promise<Put> {
  const sdk = await load('@google-cloud/storage', () => import('@google-cloud/storage'));
  const bucket = new sdk.Storage({ apiEndpoint: target.apiEndpoint }).bucket(target.bucket);
  return async (key, file) => {
    const data = file === null ? Buffer.alloc(0) : await readFile(file);
    await bucket.file(key).save(data, { resumable: false });
  };
}

async function azurePut(target: Extract<CloudTarget, { type: 'azure' }>): Promise<Put> {
  const sdk = await load('@azure/storage-blob', () => import('@azure/storage-blob'));
  const service =
    target.connectionString !== null
      ? sdk.BlobServiceClient.fromConnectionString(target.connectionString)
      : new sdk.BlobServiceClient(
          target.credential === null
            ? (target.accountUrl ?? '')
            : `${target.accountUrl}?${target.credential}`,
        );
  const container = service.getContainerClient(target.container);
  await container.createIfNotExists();
  return async (key, file) => {
    const blob = container.getBlockBlobClient(key);
    if (file === null) await blob.upload('', 0);
    else await blob.uploadFile(file);
  };
}

/** Upload every file (and empty directory marker) of checkpoint `uuid` from `dir`. */
export async function uploadCheckpoint(options: {
  target: CloudTarget;
  uuid: string;
  dir: string;
}): Promise<void> {
  const { target, uuid } = options;
  const put =
    target.type === 's3'
      ? await s3Put(target)
      : target.type === 'gcs'
        ? await gcsPut(target)
        : await azurePut(target);
  const prefix = target.type === 'azure' ? `${uuid}/` : `${target.prefix}${uuid}/`;
  const entries = listEntries(options.dir);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const entry = entries[next++];
      if (entry === undefined) return;
      if (entry.isDir) await put(`${prefix}${entry.rel}`, null, 0);
      else await put(`${prefix}${entry.rel}`, entry.abs, (await stat(entry.abs)).size);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}
