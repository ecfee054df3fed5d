/**
 * The DIRECT round trips every cloud backend must pass (one file, 10,000 small files, one
 * 256 MiB file), written once and run against each emulator by its own test file.
 */

import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AbortError } from '../../core/errors';
import { type DirectStorageSettings, downloadFromCloud } from '../../lib/storage/direct-download';
import { CheckpointNotFoundError } from '../../lib/storage/errors';
import { type DownloadProgress, ProgressReporter } from '../../lib/storage/progress';
import { hashTree, type TreeKind, uploadTree, writeCheckpointTree } from './checkpoint-trees';
import type { TreePut } from './uploaders';

/** A started emulator with a bucket or container for checkpoints. */
export interface CloudFixture {
  /** The experiment's `checkpoint_storage`. */
  readonly storage: Record<string, unknown>;
  /** Settings beside the config (e.g. the GCS endpoint). */
  readonly settings: DirectStorageSettings;
  /** Where the files of checkpoint `uuid` go. */
  putFor(uuid: string): Promise<TreePut>;
  stop(): Promise<void>;
}

/** Files beside `dir` whose names start with `<dir>.partial-`. */
export async function partialDirsBeside(dir: string): Promise<string[]> {
  const names = await readdir(path.dirname(dir));
  return names.filter((name) => name.startsWith(`${path.basename(dir)}.partial-`));
}

/** Options of `describeCloudRoundTrips`. */
export interface CloudRoundTripOptions {
  readonly start: () => Promise<CloudFixture>;
  /** Files of the many-small-files checkpoint (default 10,000). */
  readonly manyFiles?: number;
  /** Size of the large-file checkpoint (default 256 MiB). */
  readonly largeBytes?: number;
}

/** Register the shared round-trip tests for one emulator. */
export function describeCloudRoundTrips(name: string, options: CloudRoundTripOptions): void {
  const sizes: Record<TreeKind, number> = {
    'one-file': 1,
    'many-small-files': options.manyFiles ?? 10_000,
    'large-file': 1,
  };
  describe(`DIRECT download from ${name}`, () => {
    let fixture: CloudFixture;
    let work: string;

    beforeAll(async () => {
      fixture = await options.start();
      work = await mkdtemp(path.join(os.tmpdir(), `det-${name}-`));
    }, 60_000);

    afterAll(async () => {
      await fixture?.stop();
      if (work) await rm(work, { recursive: true, force: true });
    });

    it.each(Object.keys(sizes) as TreeKind[])(
      'round-trips a checkpoint with %s: every hash matches and progress ends at the totals',
      async (kind) => {
        const uuid = `ckpt-${kind}`;
        const source = path.join(work, 'source', uuid);
        await writeCheckpointTree(source, {
          kind,
          files: sizes['many-small-files'],
          largeBytes: options.largeBytes,
        });
        await uploadTree(source, { put: await fixture.putFor(uuid) });
        const target = path.join(work, 'target', uuid);
        const reports: DownloadProgress[] = [];
        await downloadFromCloud({
          storage: fixture.storage,
          uuid,
          target,
          progress: new ProgressReporter({ listener: (p) => reports.push(p) }),
          ...fixture.settings,
        });
        const expected = await hashTree(source);
        expect(Object.keys(expected)).toHaveLength(sizes[kind]);
        expect(await hashTree(target)).toEqual(expected);
        const last = reports.at(-1);
        expect(last?.files).toBe(sizes[kind]);
        expect(last?.bytes).toBe(last?.totalBytes);
        expect(await partialDirsBeside(target)).toEqual([]);
        await rm(source, { recursive: true, force: true });
      },
      120_000,
    );

    it('rejects a checkpoint without objects with CheckpointNotFoundError and writes nothing', async () => {
      const target = path.join(work, 'missing');
      await expect(
        downloadFromCloud({ storage: fixture.storage, uuid: 'no-such-uuid', target, ...fixture.settings }),
      ).rejects.toBeInstanceOf(CheckpointNotFoundError);
      expect(await partialDirsBeside(target)).toEqual([]);
      expect((await readdir(work)).includes('missing')).toBe(false);
    });

    it('cancelled mid-download rejects with AbortError and removes its temporary directory', async () => {
      const uuid = 'ckpt-cancelled';
      const source = path.join(work, 'source', uuid);
      await writeCheckpointTree(source, {
        kind: 'many-small-files',
        files: Math.min(400, sizes['many-small-files']),
      });
      await uploadTree(source, { put: await fixture.putFor(uuid) });
      const controller = new AbortController();
      const target = path.join(work, 'cancelled');
      const progress = new ProgressReporter({
        intervalMs: 0,
        listener: (p) => {
          if (p.files >= 10) controller.abort();
        },
      });
      await expect(
        downloadFromCloud({
          storage: fixture.storage,
          uuid,
          target,
          progress,
          signal: controller.signal,
          ...fixture.settings,
        }),
      ).rejects.toBeInstanceOf(AbortError);
      expect(await partialDirsBeside(target)).toEqual([]);
      expect((await readdir(work)).includes('cancelled')).toBe(false);
    });
  });
}
