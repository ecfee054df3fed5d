import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertNoResponseViolations, type MockMaster, startMockMaster } from '@determined-ts/mock-master';
import { DeterminedError } from '../../core/errors';
import type { Session } from '../../core/session';
import { getCheckpoint } from '../../resources/checkpoints/get-checkpoint';
import { mockLoginToken } from '../../testing/mock-login';
import {
  checkpointTree,
  directoryPut,
  hashTree,
  seedTree,
  type TreeEntry,
} from '../../testing/storage/checkpoint-trees';
import { createTestSession } from '../../testing/test-session';
import { DownloadMode } from '../enums';
import type { DownloadProgress } from './progress';

let mock: MockMaster;
let session: Session;
let work: string;

beforeAll(async () => {
  mock = await startMockMaster({ validateResponses: 'record', seed: 10 });
  session = createTestSession({
    master: mock.url,
    username: 'determined',
    token: await mockLoginToken(mock.url),
    retry: { retries: 0 },
  });
  work = await mkdtemp(path.join(tmpdir(), 'det-round-trip-master-'));
}, 60_000);

afterAll(async () => {
  await mock?.stop();
  if (work) await rm(work, { recursive: true, force: true });
  assertNoResponseViolations(mock);
});

afterEach(() => mock.faults.clear());

/**
 * A COMPLETED checkpoint in the mock whose files are exactly `entries`, written from the
 * generator with every file hashed on the way; returns its UUID and the hashes.
 */
async function mockCheckpoint(
  entries: readonly TreeEntry[],
): Promise<{ uuid: string; expected: Record<string, string> }> {
  const uuid = mock.state.createLargeCheckpoint(0);
  const dir = mock.state.storage.dir(uuid);
  await rm(path.join(dir, 'state_dict.pth'));
  const expected = await seedTree(entries, { put: directoryPut(dir) });
  const record = mock.state.checkpoints.get(uuid);
  if (record === undefined) throw new Error(`the mock lost checkpoint ${uuid}`);
  record.resources = mock.state.storage.resources(uuid);
  return { uuid, expected };
}

describe('round trips through the master (GET /checkpoints/{uuid})', () => {
  it.each(['one-file', 'many-small-files', 'large-file'] as const)(
    'a checkpoint with %s: Checkpoint.download MASTER gives every file with its hash, progress ends at the totals',
    async (kind) => {
      const { uuid, expected } = await mockCheckpoint(checkpointTree(kind));
      const checkpoint = await getCheckpoint(session, uuid);
      const reports: DownloadProgress[] = [];
      const target = await checkpoint.download({
        path: path.join(work, kind),
        mode: DownloadMode.MASTER,
        onProgress: (p) => reports.push(p),
      });
      const { 'metadata.json': _metadata, ...arrived } = await hashTree(target);
      expect(arrived).toEqual(expected);
      const files = Object.entries(checkpoint.resources ?? {}).filter(([rel]) => !rel.endsWith('/'));
      const totalBytes = files.reduce((sum, [, size]) => sum + Number(size), 0);
      expect(reports.at(-1)).toEqual({
        bytes: totalBytes,
        totalBytes,
        files: files.length,
        totalFiles: files.length,
      });
      await rm(target, { recursive: true, force: true });
    },
    180_000,
  );
});

describe('a MASTER download whose connection is cut', () => {
  let uuid: string;
  let expected: Record<string, string>;
  let archiveBytes: number;

  beforeAll(async () => {
    // Small files and a 2 MiB file that does not compress: an archive of about 2 MiB.
    ({ uuid, expected } = await mockCheckpoint([
      ...checkpointTree('many-small-files', { files: 300 }),
      ...checkpointTree('large-file', { largeBytes: 2 * 1024 * 1024 }),
    ]));
    const response = await fetch(`${mock.url}/checkpoints/${uuid}`, {
      headers: { authorization: `Bearer ${await mockLoginToken(mock.url)}`, accept: 'application/gzip' },
    });
    archiveBytes = (await response.arrayBuffer()).byteLength;
  }, 60_000);

  // Offsets over the whole archive: fixed ones (first bytes, block edges, the last byte) and a
  // few drawn at random on each run.
  const fixed = [0, 1, 10, 512, 4_096, 65_537];
  const offsets = (): number[] => [
    ...fixed,
    ...[0.25, 0.5, 0.75].map((share) => Math.floor(archiveBytes * share)),
    archiveBytes - 1,
    ...Array.from({ length: 4 }, () => Math.floor(Math.random() * archiveBytes)),
  ];

  /**
   * The download either fails with a DeterminedError leaving nothing beside the target, or (when
   * the transport fetched the archive again) succeeds with every file intact: never a partial tree.
   */
  async function expectNoPartialTarget(label: string): Promise<void> {
    const checkpoint = await getCheckpoint(session, uuid);
    const parent = path.join(work, 'cut', label);
    const target = path.join(parent, 'ckpt');
    const outcome = await checkpoint
      .download({ path: target, mode: DownloadMode.MASTER })
      .then(() => 'complete' as const)
      .catch((e: unknown) => e);
    if (outcome === 'complete') {
      const { 'metadata.json': _metadata, ...arrived } = await hashTree(target);
      expect(arrived).toEqual(expected);
      expect(await readdir(parent)).toEqual(['ckpt']);
    } else {
      expect(outcome).toBeInstanceOf(DeterminedError);
      expect(await readdir(parent).catch(() => [])).toEqual([]);
    }
    await rm(parent, { recursive: true, force: true });
  }

  it('a body ending early at any offset never leaves a partial target (a typed error and nothing, or every file)', async () => {
    for (const afterBytes of offsets()) {
      mock.faults.add({ operationId: 'get-checkpoint', truncate: { afterBytes }, times: 1 });
      await expectNoPartialTarget(`truncated-${afterBytes}`);
    }
  }, 120_000);

  it('a connection reset during the body never leaves a partial target', async () => {
    for (let i = 0; i < 5; i++) {
      mock.faults.add({ operationId: 'get-checkpoint', reset: 'during-body', times: 1 });
      await expectNoPartialTarget(`reset-${i}`);
    }
  }, 120_000);
});
