import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { downloadCheckpoint } from '../checkpoint-download';
import { CheckpointState, DownloadMode } from '../enums';
import { CorruptCheckpointError } from './errors';
import type { DownloadProgress } from './progress';

const UUID = '0b6e9f52-6c1e-4a57-8d1f-5f0c4f6a9e11';
let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'det-archive-errors-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function masterDownload(
  body: Buffer,
  options: { resources?: Record<string, string>; onProgress?: (p: DownloadProgress) => void } = {},
) {
  return downloadCheckpoint({
    checkpoint: {
      uuid: UUID,
      state: CheckpointState.COMPLETED,
      training: { experimentConfig: { checkpoint_storage: { type: 's3', bucket: 'b' } } },
      metadata: {},
      resources: options.resources ?? null,
    },
    path: path.join(root, 'target'),
    mode: DownloadMode.MASTER,
    fetchArchive: async () => Readable.from([body]),
    onProgress: options.onProgress,
  });
}

async function validTgz(): Promise<Buffer> {
  const src = await mkdtemp(path.join(os.tmpdir(), 'det-archive-src-'));
  try {
    await writeFile(path.join(src, 'weights.bin'), Buffer.alloc(200_000, 3));
    return await tar.c({ gzip: true, cwd: src }, ['weights.bin']).concat();
  } finally {
    await rm(src, { recursive: true, force: true });
  }
}

describe('MASTER download of a bad archive', () => {
  it('rejects a body that is not gzip with CorruptCheckpointError naming the checkpoint, leaving nothing', async () => {
    const error = await masterDownload(Buffer.from('<html>502 Bad Gateway</html>')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptCheckpointError);
    expect((error as CorruptCheckpointError).message).toBe(
      `Checkpoint ${UUID} could not be extracted: the body is not a gzip-compressed tar archive`,
    );
    expect(await readdir(root)).toEqual([]);
  });

  it('rejects a truncated archive with CorruptCheckpointError, leaving nothing', async () => {
    const archive = await validTgz();
    const error = await masterDownload(archive.subarray(0, Math.floor(archive.length / 2))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CorruptCheckpointError);
    expect((error as Error).message).toMatch(new RegExp(`^Checkpoint ${UUID} could not be extracted: `));
    expect(await readdir(root)).toEqual([]);
  });

  it('rejects a gzip bomb (expanding far beyond the listed resources) before writing it out', async () => {
    const bomb = gzipSync(Buffer.alloc(48 * 1024 * 1024));
    const error = await masterDownload(bomb, { resources: { 'weights.bin': '1024' } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CorruptCheckpointError);
    expect((error as Error).message).toMatch(/expands beyond \d+ bytes.*gzip bomb/);
    expect(await readdir(root)).toEqual([]);
  });

  it('extracts a valid archive within its listed size and reports the totals at the end', async () => {
    const reports: DownloadProgress[] = [];
    await masterDownload(await validTgz(), {
      resources: { 'weights.bin': '200000' },
      onProgress: (p) => reports.push(p),
    });
    expect(await readdir(path.join(root, 'target'))).toEqual(['metadata.json', 'weights.bin']);
    expect(reports.at(-1)).toEqual({ bytes: 200_000, totalBytes: 200_000, files: 1, totalFiles: 1 });
  });

  it('rejects gzip data that is not a tar archive with CorruptCheckpointError', async () => {
    const error = await masterDownload(gzipSync(Buffer.alloc(4096, 0x41))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptCheckpointError);
    expect(await readdir(root)).toEqual([]);
  });
});
