import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { DeterminedError } from '../../core/errors';
import { type GcsEmulator, startGcsEmulator } from '../../testing/storage/gcs-server';
import { UnsafeArchiveEntryError } from '../path-utils';
import { downloadFromCloud } from './direct-download';

let emulator: GcsEmulator;
let root: string;

beforeAll(async () => {
  emulator = await startGcsEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'det-hostile-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('DIRECT download of hostile object keys', () => {
  it.each([
    ['a parent reference', 'u1/../../escaped.txt'],
    ['a nested parent reference', 'u2/ok/../../../escaped.txt'],
    ['a backslash parent reference', 'u3/..\\..\\escaped.txt'],
  ])('refuses %s with UnsafeArchiveEntryError before writing anything', async (_label, key) => {
    const uuid = key.split('/')[0] as string;
    await emulator.putObject('checkpoints', `${uuid}/fine.txt`, Readable.from([Buffer.from('fine')]));
    await emulator.putObject('checkpoints', key, Readable.from([Buffer.from('evil')]));
    const target = path.join(root, 'inner', 'target');
    await expect(
      downloadFromCloud({
        storage: { type: 'gcs', bucket: 'checkpoints' },
        uuid,
        target,
        gcsApiEndpoint: emulator.apiEndpoint,
      }),
    ).rejects.toBeInstanceOf(UnsafeArchiveEntryError);
    expect(await readdir(root)).toEqual([]);
  });
});

describe('DIRECT download over a connection cut mid-object', () => {
  it('fails with a DeterminedError and leaves neither a target nor a temporary directory, at any offset', async () => {
    const uuid = 'cut-checkpoint';
    const size = 3 * 1024 * 1024 + 17;
    await emulator.putObject('checkpoints', `${uuid}/small.txt`, Readable.from([Buffer.from('small')]));
    await emulator.putObject('checkpoints', `${uuid}/weights.bin`, Readable.from([Buffer.alloc(size, 9)]));
    const offsets = [0, 1, 4096, 65_537, Math.floor(size / 2), size - 1];
    for (let i = 0; i < 4; i++) offsets.push(Math.floor(Math.random() * size));
    try {
      for (const offset of offsets) {
        emulator.cutMediaAfterBytes = offset;
        const target = path.join(root, `cut-${offset}`);
        const error = await downloadFromCloud({
          storage: { type: 'gcs', bucket: 'checkpoints' },
          uuid,
          target,
          gcsApiEndpoint: emulator.apiEndpoint,
          idleTimeoutMs: 300,
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DeterminedError);
        expect(await readdir(root)).toEqual([]);
      }
    } finally {
      emulator.cutMediaAfterBytes = null;
    }
  });
});
