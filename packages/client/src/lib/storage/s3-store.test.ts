import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeRoundTrips, partialDirsBeside } from '../../testing/storage/cloud-round-trips';
import { startS3Emulator } from '../../testing/storage/s3rver-server';
import { s3ClientFor, s3Put, s3Seed } from '../../testing/storage/uploaders';
import { downloadFromCloud } from './direct-download';
import { NoDirectStorageAccessError, StorageConfigError, StorageRequestError } from './errors';

describeRoundTrips('s3rver', {
  objectStore: true,
  start: async () => {
    const emulator = await startS3Emulator({ buckets: ['checkpoints'] });
    const client = s3ClientFor(emulator);
    return {
      storage: {
        type: 's3',
        bucket: 'checkpoints',
        prefix: '/team//runs/',
        endpoint_url: emulator.endpoint,
        access_key: emulator.accessKey,
        secret_key: emulator.secretKey,
        save_trial_best: 1,
      },
      settings: {},
      // One checkpoint goes through the SDK's PutObject, the others are seeded on disk for speed.
      putFor: async (uuid) =>
        uuid.endsWith('one-file')
          ? s3Put(client, { bucket: 'checkpoints', keyPrefix: `team/runs/${uuid}/` })
          : s3Seed(emulator, { bucket: 'checkpoints', keyPrefix: `team/runs/${uuid}/` }),
      stop: async () => {
        client.destroy();
        await emulator.stop();
      },
    };
  },
});

describe('S3 access and config errors', () => {
  let emulator: Awaited<ReturnType<typeof startS3Emulator>>;
  let work: string;
  beforeAll(async () => {
    emulator = await startS3Emulator({ buckets: ['checkpoints'] });
    work = await mkdtemp(path.join(os.tmpdir(), 'det-s3-errors-'));
  });
  afterAll(async () => {
    await emulator.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('turns rejected credentials into NoDirectStorageAccessError', async () => {
    const storage = {
      type: 's3',
      bucket: 'checkpoints',
      endpoint_url: emulator.endpoint,
      access_key: 'wrong',
      secret_key: 'wrong',
    };
    const target = path.join(work, 'denied');
    await expect(downloadFromCloud({ storage, uuid: 'u', target })).rejects.toBeInstanceOf(
      NoDirectStorageAccessError,
    );
    expect(await partialDirsBeside(target)).toEqual([]);
  });

  it('reports a missing bucket as a StorageRequestError, which AUTO does not retry on the master', async () => {
    const storage = {
      type: 's3',
      bucket: 'nope-bucket',
      endpoint_url: emulator.endpoint,
      access_key: 'S3RVER',
      secret_key: 'S3RVER',
    };
    await expect(downloadFromCloud({ storage, uuid: 'u', target: path.join(work, 'x') })).rejects.toThrow(
      StorageRequestError,
    );
  });

  it('refuses unexpected keys and prefixes with ".." before any request', async () => {
    await expect(
      downloadFromCloud({ storage: { type: 's3', bucket: 'b', region: 'x' }, uuid: 'u', target: work }),
    ).rejects.toThrow(
      new StorageConfigError('Failed to instantiate s3 checkpoint storage: unexpected keys region'),
    );
    await expect(
      downloadFromCloud({ storage: { type: 's3', bucket: 'b', prefix: 'a/../b' }, uuid: 'u', target: work }),
    ).rejects.toBeInstanceOf(StorageConfigError);
  });
});
