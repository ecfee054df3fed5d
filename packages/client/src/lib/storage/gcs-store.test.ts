import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeRoundTrips } from '../../testing/storage/cloud-round-trips';
import { type GcsEmulator, startGcsEmulator } from '../../testing/storage/gcs-server';
import { gcsPut } from '../../testing/storage/uploaders';
import { downloadFromCloud } from './direct-download';
import { NoDirectStorageAccessError } from './errors';

describeRoundTrips('the GCS JSON API server', {
  objectStore: true,
  start: async () => {
    const emulator = await startGcsEmulator();
    return {
      storage: { type: 'gcs', bucket: 'checkpoints', prefix: 'runs/', save_trial_latest: 1 },
      settings: { gcsApiEndpoint: emulator.apiEndpoint },
      putFor: async (uuid) => gcsPut(emulator, { bucket: 'checkpoints', keyPrefix: `runs/${uuid}/` }),
      stop: () => emulator.stop(),
    };
  },
});

describe('GCS access errors', () => {
  let emulator: GcsEmulator;
  let work: string;
  beforeAll(async () => {
    emulator = await startGcsEmulator();
    work = await mkdtemp(path.join(os.tmpdir(), 'det-gcs-errors-'));
  });
  afterAll(async () => {
    await emulator.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('turns a 403 from the storage into NoDirectStorageAccessError', async () => {
    emulator.denyAll = true;
    await expect(
      downloadFromCloud({
        storage: { type: 'gcs', bucket: 'checkpoints' },
        uuid: 'u',
        target: path.join(work, 'denied'),
        gcsApiEndpoint: emulator.apiEndpoint,
      }),
    ).rejects.toBeInstanceOf(NoDirectStorageAccessError);
  });
});
