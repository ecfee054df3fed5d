import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type AzureEmulator, startAzureEmulator } from '../../testing/storage/azurite-server';
import { describeRoundTrips } from '../../testing/storage/cloud-round-trips';
import { azurePut, azureSeed } from '../../testing/storage/uploaders';
import { downloadFromCloud } from './direct-download';
import { NoDirectStorageAccessError } from './errors';

describeRoundTrips('azurite', {
  objectStore: true,
  start: async () => {
    const emulator = await startAzureEmulator();
    return {
      storage: { type: 'azure', container: 'checkpoints', connection_string: emulator.connectionString },
      settings: {},
      // One checkpoint goes through the SDK's Put Blob, the others through azurite's bulk seeding.
      putFor: async (uuid) =>
        uuid.endsWith('one-file')
          ? azurePut(emulator, { container: 'checkpoints', keyPrefix: `${uuid}/` })
          : azureSeed(emulator, { container: 'checkpoints', keyPrefix: `${uuid}/` }),
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
