/**
 * Putting test checkpoint files into the storage emulators through the cloud SDKs.
 */

import { createReadStream } from 'node:fs';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BlobServiceClient } from '@azure/storage-blob';
import type { AzureEmulator } from './azurite-server';
import type { TreeFile } from './checkpoint-trees';
import type { GcsEmulator } from './gcs-server';
import type { S3Emulator } from './s3rver-server';

/** A put function for `uploadTree` that stores `<keyPrefix><rel>`. */
export type TreePut = (file: TreeFile) => Promise<void>;

/** An S3 client for the emulator. */
export function s3ClientFor(emulator: S3Emulator): S3Client {
  return new S3Client({
    endpoint: emulator.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    // s3rver predates the aws-chunked uploads that carry the SDK's default checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: emulator.accessKey, secretAccessKey: emulator.secretKey },
  });
}

/** Put files into an s3rver bucket. */
export function s3Put(client: S3Client, options: { bucket: string; keyPrefix: string }): TreePut {
  return async (file) => {
    await client.send(
      new PutObjectCommand({
        Bucket: options.bucket,
        Key: `${options.keyPrefix}${file.rel}`,
        Body: createReadStream(file.abs),
        ContentLength: file.size,
      }),
    );
  };
}

/** Put files into s3rver's storage directly (fast; see `S3Emulator.seedObject`). */
export function s3Seed(emulator: S3Emulator, options: { bucket: string; keyPrefix: string }): TreePut {
  return (file) => emulator.seedObject(options.bucket, `${options.keyPrefix}${file.rel}`, file.abs);
}

/** Put files into an azurite container (created when missing). */
export async function azurePut(
  emulator: AzureEmulator,
  options: { container: string; keyPrefix: string },
): Promise<TreePut> {
  const container = BlobServiceClient.fromConnectionString(emulator.connectionString).getContainerClient(
    options.container,
  );
  await container.createIfNotExists();
  return async (file) => {
    await container.getBlockBlobClient(`${options.keyPrefix}${file.rel}`).uploadFile(file.abs);
  };
}

/** Put files into the GCS test server directly. */
export function gcsPut(emulator: GcsEmulator, options: { bucket: string; keyPrefix: string }): TreePut {
  return (file) =>
    emulator.putObject(options.bucket, `${options.keyPrefix}${file.rel}`, createReadStream(file.abs));
}
