/**
 * Putting generated checkpoint files into the storage emulators: through the cloud SDKs (as a
 * training job would) or straight into the emulator's own storage where that is much faster.
 */

import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BlobServiceClient } from '@azure/storage-blob';
import type { AzureEmulator } from './azurite-server';
import type { EntryPut } from './checkpoint-trees';
import type { GcsEmulator } from './gcs-server';
import type { S3Emulator } from './s3rver-server';

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

/** Put files into an s3rver bucket through the SDK's PutObject. */
export function s3Put(client: S3Client, options: { bucket: string; keyPrefix: string }): EntryPut {
  return async (entry, body) => {
    await client.send(
      new PutObjectCommand({
        Bucket: options.bucket,
        Key: `${options.keyPrefix}${entry.rel}`,
        Body: body,
        ContentLength: entry.size,
      }),
    );
  };
}

/** Put files into s3rver's storage directly (fast; see `S3Emulator.seedObject`). */
export function s3Seed(emulator: S3Emulator, options: { bucket: string; keyPrefix: string }): EntryPut {
  return (entry, body) => emulator.seedObject(options.bucket, `${options.keyPrefix}${entry.rel}`, body);
}

/** Blocks of a streamed Azure upload, and how many are sent at once. */
const AZURE_BLOCK_BYTES = 8 * 1024 * 1024;
const AZURE_BLOCKS_IN_FLIGHT = 4;

/** Put files into an azurite container (created when missing) through the SDK. */
export async function azurePut(
  emulator: AzureEmulator,
  options: { container: string; keyPrefix: string },
): Promise<EntryPut> {
  const container = BlobServiceClient.fromConnectionString(emulator.connectionString).getContainerClient(
    options.container,
  );
  await container.createIfNotExists();
  return async (entry, body) => {
    const blob = container.getBlockBlobClient(`${options.keyPrefix}${entry.rel}`);
    if (entry.size > AZURE_BLOCK_BYTES) {
      await blob.uploadStream(body, AZURE_BLOCK_BYTES, AZURE_BLOCKS_IN_FLIGHT);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    const data = Buffer.concat(chunks);
    await blob.upload(data, data.length);
  };
}

/**
 * Put files into an azurite container (created when missing) through the emulator's bulk seeding
 * port: the files of the puts waiting at the same time go in one request.
 */
export async function azureSeed(
  emulator: AzureEmulator,
  options: { container: string; keyPrefix: string },
): Promise<EntryPut> {
  await BlobServiceClient.fromConnectionString(emulator.connectionString)
    .getContainerClient(options.container)
    .createIfNotExists();
  let batch: { name: string; data: Buffer }[] = [];
  let sent: Promise<void> | null = null;
  const flush = (): Promise<void> => {
    const blobs = batch;
    batch = [];
    sent = null;
    return emulator.seedBlobs(options.container, blobs);
  };
  return async (entry, body) => {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    batch.push({ name: `${options.keyPrefix}${entry.rel}`, data: Buffer.concat(chunks) });
    // Sent once every put that is under way has added its file (on the next turn).
    sent ??= new Promise<void>((resolve) => setImmediate(resolve)).then(flush);
    await sent;
  };
}

/** Put files into the GCS test server directly. */
export function gcsPut(emulator: GcsEmulator, options: { bucket: string; keyPrefix: string }): EntryPut {
  return (entry, body) => emulator.putObject(options.bucket, `${options.keyPrefix}${entry.rel}`, body);
}
