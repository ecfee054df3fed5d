import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import type { MockMaster } from '@determined-ts/mock-master';
import * as tar from 'tar';
import { AbortError, InvalidArgumentError, NotFoundError } from '../../core/errors';
import type { Determined } from '../../determined';
import { CheckpointStateError } from '../../lib/storage/errors';
import { type MockSession, startMockSession } from '../../testing/mock-session';
import { Checkpoint } from './checkpoint';

const BEST = '1b6f3c2e-5d4a-4e8b-9c7d-2a1b3c4d5e6f';
const DELETED = '2c7a4d3f-6e5b-4f9c-8d8e-3b2c4d5e6f70';
const MISSING = '3d8b5e4a-7f6c-4a0d-9e9f-4c3d5e6f7081';

let mock: MockMaster;
let det: Determined;
let session: MockSession;

beforeAll(async () => {
  session = await startMockSession({
    mock: {
      seed: 5,
      scenario: {
        experiments: [
          {
            name: 'finished',
            state: 'STATE_COMPLETED',
            config: { searcher: { name: 'single', metric: 'loss', max_length: { batches: 200 } } },
            trials: [
              {
                training: [{ batches: 200, metrics: { loss: 0.5 } }],
                checkpoints: [
                  { batches: 100, uuid: DELETED, state: 'STATE_DELETED' },
                  {
                    batches: 200,
                    uuid: BEST,
                    files: {
                      'weights.bin': 'w'.repeat(70_000),
                      'code/': '',
                      'code/model.py': 'print(1)\n',
                      [`${'nested/'.repeat(16)}deep.txt`]: 'deep\n',
                    },
                  },
                ],
              },
            ],
          },
        ],
      },
    },
  });
  ({ mock, det } = session);
});

afterAll(() => session.stop());

async function bytesOf(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Relative path → contents of every file under `dir`, and its directories with a trailing `/`. */
function filesOnDisk(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const rel = path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    files[entry.isDirectory() ? `${rel}/` : rel] = entry.isDirectory()
      ? ''
      : readFileSync(path.join(dir, rel), 'utf8');
  }
  return files;
}

/** Relative path → contents of every entry of a tar archive, read with the `tar` package. */
async function tarEntries(archive: Buffer): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  const parser = new tar.Parser({
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => {
        entries[entry.path] = Buffer.concat(chunks).toString('utf8');
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('end', resolve).on('error', reject);
    Readable.from([archive]).pipe(parser);
  });
  return entries;
}

describe('Checkpoint.openArchive against the mock master', () => {
  it('streams a tar whose entries are the files on disk, and whose size is expectedBytes', async () => {
    const checkpoint = await det.getCheckpoint(BEST);
    const archive = await checkpoint.openArchive();
    expect(archive.contentType).toBe('application/x-tar');
    const bytes = await bytesOf(archive.body);
    expect(await tarEntries(bytes)).toEqual(filesOnDisk(mock.state.storage.dir(BEST)));
    expect(archive.expectedBytes).toBe(bytes.length);
  });

  it('streams a tgz (the same tar, gzip-compressed) and a zip, with no size known before', async () => {
    const checkpoint = await det.getCheckpoint(BEST);
    const tgz = await checkpoint.openArchive({ format: 'tgz' });
    expect(tgz.contentType).toBe('application/gzip');
    expect(tgz.expectedBytes).toBeUndefined();
    const tarBytes = gunzipSync(await bytesOf(tgz.body));
    expect(await tarEntries(tarBytes)).toEqual(filesOnDisk(mock.state.storage.dir(BEST)));
    const zip = await checkpoint.openArchive({ format: 'zip' });
    expect(zip.contentType).toBe('application/zip');
    expect((await bytesOf(zip.body)).subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
  });

  it('opens the archive of a checkpoint that was never loaded (no size known: no resources)', async () => {
    const archive = await new Checkpoint(det.session, BEST).openArchive();
    expect(archive.expectedBytes).toBeUndefined();
    expect(Object.keys(await tarEntries(await bytesOf(archive.body)))).toContain('weights.bin');
  });

  it('rejects a checkpoint the master does not have with NotFoundError naming its UUID', async () => {
    const call = new Checkpoint(det.session, MISSING).openArchive();
    await expect(call).rejects.toBeInstanceOf(NotFoundError);
    await expect(call).rejects.toThrow(MISSING);
  });

  it('refuses a checkpoint known to be deleted with CheckpointStateError, before asking for it', async () => {
    const deleted = await det.getCheckpoint(DELETED);
    await expect(deleted.openArchive()).rejects.toThrow(CheckpointStateError);
    await expect(deleted.openArchive()).rejects.toThrow(
      `Only COMPLETED or PARTIALLY_DELETED checkpoints can be downloaded. Checkpoint ${DELETED} state: STATE_DELETED`,
    );
  });

  it('refuses a format other than tar, tgz and zip with InvalidArgumentError', async () => {
    const checkpoint = new Checkpoint(det.session, BEST);
    const options = { format: 'rar' } as unknown as Parameters<Checkpoint['openArchive']>[0];
    await expect(checkpoint.openArchive(options)).rejects.toThrow(
      new InvalidArgumentError("format must be 'tar', 'tgz' or 'zip', got rar"),
    );
  });
});

describe('Checkpoint.openArchive and its signal', () => {
  it('an abort while the body arrives ends the body with AbortError', async () => {
    const uuid = mock.state.createLargeCheckpoint(64 * 1024 * 1024);
    const controller = new AbortController();
    const archive = await new Checkpoint(det.session, uuid).openArchive({ signal: controller.signal });
    let received = 0;
    const reading = (async () => {
      for await (const chunk of archive.body) {
        received += (chunk as Buffer).length;
        if (!controller.signal.aborted) controller.abort();
      }
    })();
    await expect(reading).rejects.toBeInstanceOf(AbortError);
    expect(received).toBeLessThan(64 * 1024 * 1024);
    expect(archive.body.destroyed).toBe(true);
  });
});
