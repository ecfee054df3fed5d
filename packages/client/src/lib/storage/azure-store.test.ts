import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type AzureEmulator, startAzureEmulator } from '../../testing/storage/azurite-server';
import { describeCloudRoundTrips } from '../../testing/storage/cloud-round-trips';
import { azurePut } from '../../testing/storage/uploaders';
import { downloadFromCloud } from './direct-download';
import { NoDirectStorageAccessError } from './errors';

// Azurite runs in the test's own process and stores every upload through its metadata database,
// so seeding 10,000 blobs or 256 MiB here takes minutes on two cores: the round trips use 200
// files and 32 MiB, and the full-size figures are for the benchmark.
describeCloudRoundTrips('azurite', {
  manyFiles: 200,
  largeBytes: 32 * 1024 * 1024,
  start: async () => {
    const emulator = await startAzureEmulator();
    return {
      storage: { type: 'azure', container: 'checkpoints', connection_string: emulator.connectionString },
      settings: {},
      putFor: async (uuid) => azurePut(emulator, { container: 'checkpoints', keyPrefix: `${uuid}/` }),
      stop: () => emulator.stop(),
    };
  },
});

describe('Azure credentials', () => {
  let emulator: AzureEmulator;
  let work: string;
  beforeAll(async () => {
    emulator = await startAzureEmulator();
    work = await mkdtemp(path.join(os.tmpdir(), 'det-azure-errors-'));
  });
  afterAll(async () => {
    await emulator.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('turns a rejected account key into NoDirectStorageAccessError', async () => {
    const wrongKey = Buffer.alloc(64, 7).toString('base64');
    await expect(
      downloadFromCloud({
        storage: {
          type: 'azure',
          container: 'checkpoints',
          account_url: emulator.accountUrl,
          credential: wrongKey,
        },
        uuid: 'u',
        target: path.join(work, 'denied'),
      }),
    ).rejects.toBeInstanceOf(NoDirectStorageAccessError);
  });
});
