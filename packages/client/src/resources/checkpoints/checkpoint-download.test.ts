import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { components } from '@determined-ts/bindings';

import * as tar from 'tar';
import { InvalidArgumentError } from '../../core/errors';
import type { Session } from '../../core/session';
import {
  CheckpointStateError,
  MultipleDownloadsFailedError,
  NoDirectStorageAccessError,
  pythonJsonDumps,
} from '../../lib/checkpoint-download';
import { CheckpointState, DownloadMode } from '../../lib/enums';
import { checkpointFixture, useHarness } from '../../testing/domain-fixtures';
import { type GcsEmulator, startGcsEmulator } from '../../testing/storage/gcs-server';
import { type S3Emulator, startS3Emulator } from '../../testing/storage/s3rver-server';
import { createTestSession } from '../../testing/test-session';
import { Checkpoint } from './checkpoint';

type Schemas = components['schemas'];
const serve = useHarness();
const FILES: Record<string, string> = {
  'metadata.json': '{"steps_completed": 10528}',
  'code/model_def.py': 'print("model")\n',
  // Incompressible, so that half of the archive holds partly extracted files.
  'state_dict.pth': randomBytes(75_000).toString('base64'),
};

let workDir: string;
beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'f2-download-'));
});
afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** The recorded checkpoint with its experiment's checkpoint_storage replaced. */
function checkpointWithStorage(session: Session, storage: Record<string, unknown>): Checkpoint {
  const raw = checkpointFixture();
  const training: Schemas['v1CheckpointTrainingMetadata'] = {
    ...raw.training,
    experimentConfig: { ...raw.training.experimentConfig, checkpoint_storage: storage },
  };
  return Checkpoint.fromApi({ ...raw, training }, session);
}

/** A gzip-compressed tar of FILES, as the master's `/checkpoints/{uuid}` sends it. */
async function checkpointArchive(files: Record<string, string> = FILES): Promise<Buffer> {
  const source = path.join(workDir, 'archive-source');
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(source, name)), { recursive: true });
    await writeFile(path.join(source, name), content);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of tar.c({ gzip: true, cwd: source, portable: true }, Object.keys(files))) {
    chunks.push(Buffer.from(chunk as Buffer));
  }
  return Buffer.concat(chunks);
}

async function expectFiles(dir: string): Promise<void> {
  for (const [name, content] of Object.entries(FILES)) {
    expect(await readFile(path.join(dir, name), 'utf8')).toBe(content);
  }
}

function archiveRoute(uuid: string, body: Buffer) {
  return {
    method: 'GET',
    path: `/checkpoints/${uuid}`,
    reply: { headers: { 'content-type': 'application/gzip' }, text: body },
  };
}

const s3 = { type: 's3', bucket: 'b', access_key: null, secret_key: null, endpoint_url: null, prefix: null };

// Storage servers that deny access: s3rver with unknown keys, the GCS test server answering 403.
const storages = {} as { s3: S3Emulator; gcs: GcsEmulator };
beforeAll(async () => {
  storages.s3 = await startS3Emulator({ buckets: ['b'] });
  storages.gcs = await startGcsEmulator();
  storages.gcs.denyAll = true;
});
afterAll(async () => {
  await storages.s3?.stop();
  await storages.gcs?.stop();
});

describe('Checkpoint.download (recorded checkpoint)', () => {
  it('MASTER mode extracts the gzip tar of GET /checkpoints/{uuid} (Accept: application/gzip) into path', async () => {
    const uuid = checkpointFixture().uuid;
    const { server, session } = await serve([archiveRoute(uuid, await checkpointArchive())]);
    const target = path.join(workDir, 'out');
    const result = await checkpointWithStorage(session, s3).download({
      path: target,
      mode: DownloadMode.MASTER,
    });
    expect(result).toBe(target);
    await expectFiles(target);
    expect(server.requests.map((r) => [r.method, r.path, r.headers.accept])).toEqual([
      ['GET', `/checkpoints/${uuid}`, 'application/gzip'],
    ]);
    expect(await readdir(workDir)).toEqual(['archive-source', 'out']);
  });

  it('MASTER mode writes metadata.json from the checkpoint metadata when the archive lacks it', async () => {
    const { metadata } = checkpointFixture();
    const { 'metadata.json': _omitted, ...files } = FILES;
    const { session } = await serve([archiveRoute(checkpointFixture().uuid, await checkpointArchive(files))]);
    const target = path.join(workDir, 'out');
    await checkpointWithStorage(session, s3).download({ path: target, mode: DownloadMode.MASTER });
    expect(await readFile(path.join(target, 'metadata.json'), 'utf8')).toBe(pythonJsonDumps(metadata));
    expect(await readFile(path.join(target, 'state_dict.pth'), 'utf8')).toBe(FILES['state_dict.pth']);
  });

  it('leaves nothing at the target when the archive body dies midway', async () => {
    const archive = await checkpointArchive();
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/gzip', 'content-length': archive.length });
      response.write(archive.subarray(0, Math.floor(archive.length / 2)), () => {
        setTimeout(() => response.socket?.destroy(), 20);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const session = createTestSession({ master: `http://127.0.0.1:${port}`, retry: { retries: 0 } });
      const target = path.join(workDir, 'out');
      const checkpoint = checkpointWithStorage(session, s3);
      await expect(checkpoint.download({ path: target, mode: DownloadMode.MASTER })).rejects.toThrow();
      expect((await readdir(workDir)).sort()).toEqual(['archive-source']);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('DIRECT mode copies a shared_fs checkpoint from host_path/storage_path/<uuid> without contacting the master', async () => {
    const uuid = checkpointFixture().uuid;
    const hostPath = path.join(workDir, 'shared');
    const source = path.join(hostPath, 'ckpts', uuid);
    for (const [name, content] of Object.entries(FILES)) {
      await mkdir(path.dirname(path.join(source, name)), { recursive: true });
      await writeFile(path.join(source, name), content);
    }
    const { server, session } = await serve([]);
    const storage = { type: 'shared_fs', host_path: hostPath, storage_path: 'ckpts' };
    const target = path.join(workDir, 'out');
    await checkpointWithStorage(session, storage).download({ path: target, mode: DownloadMode.DIRECT });
    await expectFiles(target);
    expect(server.requests).toHaveLength(0);
  });

  it('AUTO mode falls back to the master when the shared_fs directory is not mounted here', async () => {
    const uuid = checkpointFixture().uuid;
    const { server, session, logged } = await serve([archiveRoute(uuid, await checkpointArchive())]);
    const storage = { type: 'shared_fs', host_path: path.join(workDir, 'not-mounted') };
    const target = path.join(workDir, 'out');
    await checkpointWithStorage(session, storage).download({ path: target });
    await expectFiles(target);
    expect(server.requests).toHaveLength(1);
    // The fallback notice is logged at debug level (lib/storage/auto-fallback.test.ts).
    expect(logged.info).toEqual([]);
  });

  it('AUTO mode reports MultipleDownloadsFailedError when the master fails too, leaving nothing behind', async () => {
    const { session } = await serve([]);
    const storage = { type: 'shared_fs', host_path: path.join(workDir, 'not-mounted') };
    const target = path.join(workDir, 'out');
    const error = await checkpointWithStorage(session, storage)
      .download({ path: target })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MultipleDownloadsFailedError);
    expect(await readdir(workDir)).toEqual([]);
  });

  it.each([
    ['33', 'gcs', () => ({ type: 'gcs', bucket: 'b', prefix: null, save_trial_best: 1 })],
    [
      '34',
      's3',
      () => ({
        ...s3,
        endpoint_url: storages.s3.endpoint,
        access_key: 'intruder',
        secret_key: 'x',
        save_trial_best: 1,
      }),
    ],
  ])(
    'scenario %s: DIRECT from %s storage that denies access rejects with NoDirectStorageAccessError (no master request); AUTO proxies through the master exactly once',
    async (_scenario, _type, storage) => {
      const uuid = checkpointFixture().uuid;
      const { server, session } = await serve([archiveRoute(uuid, await checkpointArchive())]);
      const checkpoint = checkpointWithStorage(session, storage());
      const storageSettings = { gcsApiEndpoint: storages.gcs.apiEndpoint };
      await expect(
        checkpoint.download({
          path: path.join(workDir, 'direct'),
          mode: DownloadMode.DIRECT,
          storageSettings,
        }),
      ).rejects.toThrow(NoDirectStorageAccessError);
      expect(server.requests).toHaveLength(0);
      await checkpoint.download({
        path: path.join(workDir, 'auto'),
        mode: DownloadMode.AUTO,
        storageSettings,
      });
      await expectFiles(path.join(workDir, 'auto'));
      expect(server.requestsTo('GET', `/checkpoints/${uuid}`)).toHaveLength(1);
    },
  );

  it('skips fetching when the target already holds metadata.json', async () => {
    const { server, session } = await serve([]);
    const target = path.join(workDir, 'out');
    await mkdir(target);
    await writeFile(path.join(target, 'metadata.json'), '{}');
    await checkpointWithStorage(session, s3).download({ path: target, mode: DownloadMode.MASTER });
    expect(server.requests).toHaveLength(0);
    expect(await readFile(path.join(target, 'metadata.json'), 'utf8')).toBe('{}');
  });

  it('refuses checkpoints whose state is unknown or not downloadable, before any request', async () => {
    const { server, session } = await serve([]);
    await expect(new Checkpoint(session, 'u').download({ path: workDir })).rejects.toThrow(
      InvalidArgumentError,
    );
    const errored = checkpointWithStorage(session, s3);
    errored.state = CheckpointState.ERROR;
    await expect(errored.download({ path: workDir })).rejects.toThrow(CheckpointStateError);
    expect(server.requests).toHaveLength(0);
  });
});
