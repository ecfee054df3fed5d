import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar';
import { type S3Emulator, startS3Emulator } from '../../testing/storage/s3rver-server';
import { downloadCheckpoint } from '../checkpoint-download';
import { CheckpointState, DownloadMode } from '../enums';
import { CheckpointNotFoundError, NoDirectStorageAccessError } from './errors';

const UUID = '3f1c2a9e-8b7d-4e6f-9a1b-2c3d4e5f6a7b';
let emulator: S3Emulator;
let root: string;

beforeAll(async () => {
  emulator = await startS3Emulator({ buckets: ['checkpoints'] });
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'det-auto-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function storage(secret: string) {
  return {
    type: 's3',
    bucket: 'checkpoints',
    endpoint_url: emulator.endpoint,
    access_key: secret === 'S3RVER' ? 'S3RVER' : 'intruder',
    secret_key: secret,
  };
}

async function masterArchive(): Promise<Readable> {
  const src = await mkdtemp(path.join(root, 'master-src-'));
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path.join(src, 'from-master.txt'), 'proxied');
  const data = await tar.c({ gzip: true, cwd: src }, ['from-master.txt']).concat();
  await rm(src, { recursive: true });
  return Readable.from([data]);
}

function download(options: { secret: string; mode: DownloadMode; debug?: (message: string) => void }) {
  return downloadCheckpoint({
    checkpoint: {
      uuid: UUID,
      state: CheckpointState.COMPLETED,
      training: { experimentConfig: { checkpoint_storage: storage(options.secret) } },
      metadata: { steps: 1 },
    },
    path: path.join(root, 'target'),
    mode: options.mode,
    fetchArchive: masterArchive,
    logger: { info: () => undefined, debug: options.debug ?? (() => undefined) },
  });
}

describe('AUTO download against a real S3 server', () => {
  it('falls back to the master when the storage denies access, and says so at debug level', async () => {
    const debug = jest.fn();
    await download({ secret: 'wrong', mode: DownloadMode.AUTO, debug });
    await expect(readFile(path.join(root, 'target', 'from-master.txt'), 'utf8')).resolves.toBe('proxied');
    expect(debug).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Unable to download directly, proxying download through master: Access to s3:\/\/checkpoints\//,
      ),
    );
  });

  it('DIRECT with denied access rejects with NoDirectStorageAccessError and leaves no directory', async () => {
    await expect(download({ secret: 'wrong', mode: DownloadMode.DIRECT })).rejects.toBeInstanceOf(
      NoDirectStorageAccessError,
    );
    expect(await readdir(root)).toEqual([]);
  });

  it('does not use the master when the storage holds no objects for the checkpoint', async () => {
    await expect(download({ secret: 'S3RVER', mode: DownloadMode.AUTO })).rejects.toBeInstanceOf(
      CheckpointNotFoundError,
    );
    expect(await readdir(root)).toEqual([]);
  });
});
