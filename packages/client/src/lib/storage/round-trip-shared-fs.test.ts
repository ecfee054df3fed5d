import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { directoryPut } from '../../testing/storage/checkpoint-trees';
import { describeRoundTrips } from '../../testing/storage/cloud-round-trips';

describeRoundTrips('shared_fs storage', {
  start: async () => {
    const hostPath = await mkdtemp(path.join(os.tmpdir(), 'det-shared-fs-'));
    return {
      storage: { type: 'shared_fs', host_path: hostPath, storage_path: 'checkpoints' },
      settings: {},
      putFor: async (uuid) => directoryPut(path.join(hostPath, 'checkpoints', uuid)),
      stop: () => rm(hostPath, { recursive: true, force: true }),
    };
  },
});
