// The storage scenario's fixture on the bench master: the recorded 10,000-file archive unpacked
// into s3rver (its own process) as the objects of a checkpoint whose experiment config names that
// server, so that DIRECT from s3rver and MASTER download the very same checkpoint and bytes.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MockMaster } from '@determined-ts/mock-master';
import * as tar from 'tar';
import { type S3Emulator, startS3Emulator } from '../../packages/client/src/testing/storage/s3rver-server';
import type { ArchiveRecording } from './record';

const BUCKET = 'bench-checkpoints';

/** Copy the files of a recorded tgz into s3rver as `<uuid>/<path>` objects. */
async function seedFromArchive(s3: S3Emulator, recording: ArchiveRecording, uuid: string): Promise<void> {
  const writes: Promise<void>[] = [];
  // At most 32 objects written at once (the parser waits while an entry is not read).
  let active = 0;
  const waiting: (() => void)[] = [];
  const slot = async (): Promise<void> => {
    if (active >= 32) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
  };
  const release = (): void => {
    active -= 1;
    waiting.shift()?.();
  };
  await pipeline(
    createReadStream(recording.file),
    tar.t({
      onReadEntry: (entry) => {
        if (entry.type !== 'File') return entry.resume();
        const rel = entry.path.replace(/^\.\//, '');
        const body = Readable.from(entry, { objectMode: false });
        writes.push(
          slot()
            .then(() => s3.seedObject(BUCKET, `${uuid}/${rel}`, body))
            .finally(release),
        );
      },
    }),
  );
  await Promise.all(writes);
}

/**
 * Make `uuid` (a checkpoint of the mock that serves `recording` through the master) an `s3`
 * checkpoint stored in a fresh s3rver; returns the server to stop with the bench master.
 */
export async function storeCheckpointInS3(options: {
  mock: MockMaster;
  uuid: string;
  recording: ArchiveRecording;
  repositoryRoot: string;
}): Promise<S3Emulator> {
  const { mock, uuid } = options;
  const s3 = await startS3Emulator({
    buckets: [BUCKET],
    childScript: path.join(options.repositoryRoot, 'packages/client/src/testing/storage/s3rver-child.cjs'),
  });
  await seedFromArchive(s3, options.recording, uuid);
  const record = mock.state.checkpoints.get(uuid);
  if (record?.training === undefined || record.training === null)
    throw new Error(`no training checkpoint ${uuid}`);
  const checkpointStorage = {
    type: 's3',
    bucket: BUCKET,
    endpoint_url: s3.endpoint,
    access_key: s3.accessKey,
    secret_key: s3.secretKey,
  };
  mock.state.checkpoints.set(uuid, {
    ...record,
    training: {
      ...record.training,
      experimentConfig: { ...record.training.experimentConfig, checkpoint_storage: checkpointStorage },
    },
  });
  return s3;
}
