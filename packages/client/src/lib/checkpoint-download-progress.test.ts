import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import * as tar from 'tar';
import { downloadCheckpoint } from './checkpoint-download';
import { CheckpointState, DownloadMode } from './enums';
import type { DownloadProgress } from './storage/progress';

const BIG = 6 * 1024 * 1024;
const SMALL = 20;
let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'det-progress-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function archive(): Promise<{ tgz: Buffer; resources: Record<string, string> }> {
  const src = path.join(root, 'src');
  await mkdir(src);
  const resources: Record<string, string> = { 'weights.bin': String(BIG) };
  // Random bytes do not compress, so the archive arrives in many pieces.
  await writeFile(path.join(src, 'weights.bin'), randomBytes(BIG));
  for (let i = 0; i < SMALL; i++) {
    await writeFile(path.join(src, `part-${i}.txt`), `part ${i}\n`);
    resources[`part-${i}.txt`] = String(`part ${i}\n`.length);
  }
  const tgz = await tar.c({ gzip: true, cwd: src }, Object.keys(resources)).concat();
  return { tgz, resources };
}

/** The archive's bytes in small pieces over about a second, as a slow master would send them. */
function slowly(tgz: Buffer): Readable {
  const pieces = 40;
  const size = Math.ceil(tgz.length / pieces);
  return Readable.from(
    (async function* () {
      for (let at = 0; at < tgz.length; at += size) {
        yield tgz.subarray(at, at + size);
        await sleep(25);
      }
    })(),
  );
}

describe('MASTER download progress', () => {
  it('reports bytes and files while the archive arrives, never past the totals, and the totals at the end', async () => {
    const { tgz, resources } = await archive();
    const reports: DownloadProgress[] = [];
    await downloadCheckpoint({
      checkpoint: {
        uuid: 'c0ffee00-0000-4000-8000-000000000001',
        state: CheckpointState.COMPLETED,
        training: { experimentConfig: { checkpoint_storage: { type: 'shared_fs', host_path: '/nowhere' } } },
        metadata: {},
        resources,
      },
      path: path.join(root, 'target'),
      mode: DownloadMode.MASTER,
      fetchArchive: async () => slowly(tgz),
      onProgress: (p) => reports.push(p),
    });
    const totalBytes = Object.values(resources).reduce((sum, size) => sum + Number(size), 0);
    expect(reports.at(-1)).toEqual({
      bytes: totalBytes,
      totalBytes,
      files: SMALL + 1,
      totalFiles: SMALL + 1,
    });
    const during = reports.slice(0, -1);
    expect(during.length).toBeGreaterThan(2);
    expect(during.some((p) => p.bytes > 0 && p.bytes < p.totalBytes)).toBe(true);
    for (const [i, p] of reports.entries()) {
      expect(p.bytes).toBeLessThanOrEqual(p.totalBytes);
      expect(p.files).toBeLessThanOrEqual(p.totalFiles);
      if (i > 0) expect(p.bytes).toBeGreaterThanOrEqual(reports[i - 1]?.bytes ?? 0);
    }
  });
});
