import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { directoryPut } from '../../testing/storage/checkpoint-trees';
import { describeRoundTrips } from '../../testing/storage/cloud-round-trips';

describeRoundTrips('directory storage', {
  start: async () => {
    const containerPath = await mkdtemp(path.join(os.tmpdir(), 'det-directory-'));
    return {
      storage: { type: 'directory', container_path: containerPath },
      settings: {},
      putFor: async (uuid) => directoryPut(path.join(containerPath, uuid)),
      stop: () => rm(containerPath, { recursive: true, force: true }),
    };
  },
});
