import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar';
import { AbortError, DeterminedError, InvalidArgumentError } from '../core/errors';
import {
  CheckpointFilesNotFoundError,
  CheckpointStateError,
  type DownloadableCheckpoint,
  downloadCheckpoint,
  MultipleDownloadsFailedError,
  StorageConfigError,
} from './checkpoint-download';
import { CheckpointState, DownloadMode } from './enums';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'det-download-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const UUID = '6a24d772-1d5b-4d6b-9b3c-1ee2d5b1a1a5';

function checkpoint(
  storage: Record<string, unknown> | undefined,
  extra: Partial<DownloadableCheckpoint> = {},
) {
  const experimentConfig: Record<string, unknown> =
    storage === undefined ? {} : { checkpoint_storage: storage };
  return {
    uuid: UUID,
    state: CheckpointState.COMPLETED,
    training: { experimentConfig },
    metadata: { a: 1 },
    ...extra,
  };
}

async function tgzOf(files: Record<string, string>): Promise<Buffer> {
  const src = await mkdtemp(path.join(root, 'src-'));
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(src, rel)), { recursive: true });
    await writeFile(path.join(src, rel), content);
  }
  const data = await tar.c({ gzip: true, cwd: src }, await readdir(src)).concat();
  await rm(src, { recursive: true });
  return data;
}

function fetcher(files: Record<string, string>) {
  return jest.fn(async () => Readable.from(await tgzOf(files)));
}

const failingFetch = () =>
  jest.fn(async (): Promise<Readable> => Promise.reject(new Error('master says 404')));

describe('downloadCheckpoint state and skip rules', () => {
  it('rejects an unknown state before doing anything', async () => {
    const fetchArchive = failingFetch();
    await expect(
      downloadCheckpoint({ checkpoint: checkpoint(undefined, { state: null }), path: root, fetchArchive }),
    ).rejects.toThrow(
      new InvalidArgumentError('Checkpoint state is unknown. Please call Checkpoint.reload to refresh.'),
    );
    expect(fetchArchive).not.toHaveBeenCalled();
  });

  it.each([CheckpointState.ACTIVE, CheckpointState.ERROR, CheckpointState.DELETED])(
    'rejects state %s',
    async (state) => {
      const error = await downloadCheckpoint({
        checkpoint: checkpoint(undefined, { state }),
        path: root,
        fetchArchive: failingFetch(),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CheckpointStateError);
      expect((error as Error).message).toContain(`Checkpoint state: ${state}`);
    },
  );

  it('skips fetching when metadata.json exists and keeps it', async () => {
    await writeFile(path.join(root, 'metadata.json'), 'old');
    const fetchArchive = failingFetch();
    const target = await downloadCheckpoint({
      checkpoint: checkpoint(undefined, { state: CheckpointState.PARTIALLY_DELETED, training: null }),
      path: root,
      fetchArchive,
    });
    expect(target).toBe(root);
    expect(fetchArchive).not.toHaveBeenCalled();
    await expect(readFile(path.join(root, 'metadata.json'), 'utf8')).resolves.toBe('old');
  });

  it('skips fetching when MLmodel exists and backfills metadata.json', async () => {
    await writeFile(path.join(root, 'MLmodel'), '');
    await downloadCheckpoint({ checkpoint: checkpoint(undefined), path: root, fetchArchive: failingFetch() });
    await expect(readFile(path.join(root, 'metadata.json'), 'utf8')).resolves.toBe('{\n  "a": 1\n}');
  });

  it('refuses non-training checkpoints, even through the master', async () => {
    await expect(
      downloadCheckpoint({
        checkpoint: checkpoint(undefined, { training: null }),
        path: path.join(root, 't'),
        mode: DownloadMode.MASTER,
        fetchArchive: fetcher({ a: 'a' }),
      }),
    ).rejects.toThrow(new DeterminedError('Non-training checkpoints cannot be downloaded'));
  });

  it('requires checkpoint_storage in the experiment config, whatever the mode', async () => {
    await expect(
      downloadCheckpoint({
        checkpoint: checkpoint(undefined),
        path: path.join(root, 't'),
        mode: DownloadMode.MASTER,
        fetchArchive: fetcher({}),
      }),
    ).rejects.toThrow(/has no checkpoint_storage/);
  });

  it('rejects an unknown mode', async () => {
    await expect(
      downloadCheckpoint({
        checkpoint: checkpoint({ type: 's3' }),
        path: path.join(root, 't'),
        mode: 'fast' as DownloadMode,
        fetchArchive: fetcher({}),
      }),
    ).rejects.toThrow(new InvalidArgumentError('Unknown download mode fast'));
  });
});

describe('downloadCheckpoint MASTER mode', () => {
  it('extracts the archive and backfills metadata.json', async () => {
    const target = path.join(root, 'out', 'ckpt');
    const fetchArchive = fetcher({ 'model.pt': 'weights', 'sub/state.json': '{}' });
    await expect(
      downloadCheckpoint({
        checkpoint: checkpoint({ type: 's3' }),
        path: target,
        mode: DownloadMode.MASTER,
        fetchArchive,
      }),
    ).resolves.toBe(target);
    expect(fetchArchive).toHaveBeenCalledTimes(1);
    await expect(readFile(path.join(target, 'model.pt'), 'utf8')).resolves.toBe('weights');
    await expect(readFile(path.join(target, 'sub', 'state.json'), 'utf8')).resolves.toBe('{}');
    await expect(readFile(path.join(target, 'metadata.json'), 'utf8')).resolves.toBe('{\n  "a": 1\n}');
  });

  it("keeps the archive's own metadata.json", async () => {
    const target = path.join(root, 't');
    await downloadCheckpoint({
      checkpoint: checkpoint({ type: 'gcs' }),
      path: target,
      mode: DownloadMode.MASTER,
      fetchArchive: fetcher({ 'metadata.json': 'from archive' }),
    });
    await expect(readFile(path.join(target, 'metadata.json'), 'utf8')).resolves.toBe('from archive');
  });

  it('passes the abort signal to the fetch', async () => {
    const controller = new AbortController();
    const fetchArchive = fetcher({ a: 'a' });
    await downloadCheckpoint({
      checkpoint: checkpoint({ type: 's3' }),
      path: path.join(root, 't'),
      mode: DownloadMode.MASTER,
      fetchArchive,
      signal: controller.signal,
    });
    expect(fetchArchive).toHaveBeenCalledWith(controller.signal);
  });

  it('defaults the target to checkpoints/<uuid> under the current directory', async () => {
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const target = await downloadCheckpoint({
        checkpoint: checkpoint({ type: 's3' }),
        mode: DownloadMode.MASTER,
        fetchArchive: fetcher({ w: 'w' }),
      });
      expect(target).toBe(path.join('checkpoints', UUID));
      await expect(readFile(path.join(root, 'checkpoints', UUID, 'w'), 'utf8')).resolves.toBe('w');
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('downloadCheckpoint DIRECT mode', () => {
  it('copies a shared_fs checkpoint following symlinks and preserving mtimes', async () => {
    const host = path.join(root, 'host');
    const src = path.join(host, 'ckpts', UUID);
    await mkdir(path.join(src, 'nested'), { recursive: true });
    await writeFile(path.join(src, 'nested', 'w.bin'), 'weights');
    await writeFile(path.join(root, 'outside.txt'), 'linked');
    await symlink(path.join(root, 'outside.txt'), path.join(src, 'link.txt'));
    await utimes(path.join(src, 'nested', 'w.bin'), 1_600_000_000, 1_600_000_000);
    const target = path.join(root, 'target');
    await downloadCheckpoint({
      checkpoint: checkpoint({
        type: 'shared_fs',
        host_path: host,
        storage_path: 'ckpts',
        save_trial_best: 1,
      }),
      path: target,
      mode: DownloadMode.DIRECT,
      fetchArchive: failingFetch(),
    });
    await expect(readFile(path.join(target, 'nested', 'w.bin'), 'utf8')).resolves.toBe('weights');
    expect((await stat(path.join(target, 'nested', 'w.bin'))).mtimeMs).toBe(1_600_000_000_000);
    const link = await stat(path.join(target, 'link.txt'));
    expect(link.isFile()).toBe(true);
    await expect(readFile(path.join(target, 'link.txt'), 'utf8')).resolves.toBe('linked');
  });

  it('reports both shared_fs candidates when the checkpoint is absent', async () => {
    const error = await downloadCheckpoint({
      checkpoint: checkpoint({ type: 'shared_fs', host_path: path.join(root, 'none') }),
      path: path.join(root, 't'),
      mode: DownloadMode.DIRECT,
      fetchArchive: failingFetch(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointFilesNotFoundError);
    expect((error as Error).message).toContain(path.join(root, 'none', UUID));
    expect((error as Error).message).toContain(path.join('/determined_shared_fs', UUID));
  });

  it('copies a directory-storage checkpoint from container_path', async () => {
    await mkdir(path.join(root, 'container', UUID), { recursive: true });
    await writeFile(path.join(root, 'container', UUID, 'f'), 'x');
    const target = path.join(root, 't');
    await downloadCheckpoint({
      checkpoint: checkpoint({ type: 'directory', container_path: path.join(root, 'container') }),
      path: target,
      mode: DownloadMode.DIRECT,
      fetchArchive: failingFetch(),
    });
    await expect(readFile(path.join(target, 'f'), 'utf8')).resolves.toBe('x');
  });

  it.each(['s3', 'gcs', 'azure'])('checks the %s storage config before any request', async (type) => {
    await expect(
      downloadCheckpoint({
        checkpoint: checkpoint({ type, bucket_name: 'b' }),
        path: path.join(root, 't'),
        mode: DownloadMode.DIRECT,
        fetchArchive: failingFetch(),
      }),
    ).rejects.toThrow(
      new StorageConfigError(`Failed to instantiate ${type} checkpoint storage: unexpected keys bucket_name`),
    );
  });
});

describe('downloadCheckpoint AUTO mode', () => {
  it.each([
    [{ type: 'shared_fs', host_path: '/nonexistent-host-path' }],
    [{ type: 'directory', container_path: '/nonexistent-container-path' }],
  ])('falls back to the master when direct access is impossible (%p)', async (storage) => {
    const logger = { info: jest.fn(), debug: jest.fn() };
    const target = path.join(root, 't');
    await downloadCheckpoint({
      checkpoint: checkpoint(storage),
      path: target,
      fetchArchive: fetcher({ m: 'm' }),
      logger,
    });
    expect(logger.debug).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Unable to download directly, proxying download through master: Checkpoint .* not found/,
      ),
    );
    await expect(readFile(path.join(target, 'm'), 'utf8')).resolves.toBe('m');
  });

  it('does not fall back on a bad cloud storage config', async () => {
    const fetchArchive = fetcher({});
    await expect(
      downloadCheckpoint({
        checkpoint: checkpoint({ type: 'azure', container: 'c' }),
        path: path.join(root, 't'),
        fetchArchive,
      }),
    ).rejects.toThrow(StorageConfigError);
    expect(fetchArchive).not.toHaveBeenCalled();
  });

  it('wraps a master failure after a direct failure', async () => {
    const error = await downloadCheckpoint({
      checkpoint: checkpoint({ type: 'directory', container_path: '/nonexistent-container-path' }),
      path: path.join(root, 't'),
      fetchArchive: failingFetch(),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MultipleDownloadsFailedError);
    expect((error as Error).cause).toEqual(new Error('master says 404'));
  });

  it('lets an abort propagate unwrapped', async () => {
    const fetchArchive = jest.fn(async (): Promise<Readable> => Promise.reject(new AbortError('aborted')));
    await expect(
      downloadCheckpoint({
        checkpoint: checkpoint({ type: 'directory', container_path: '/nonexistent-container-path' }),
        path: path.join(root, 't'),
        fetchArchive,
      }),
    ).rejects.toThrow(AbortError);
  });

  it.each([
    [{ type: 'ftp' }, /Unknown storage type: ftp/],
    [{ type: 'shared_fs', host_path: 'relative/path' }, /`host_path` must be an absolute path/],
  ])('does not fall back on other direct errors (%p)', async (storage, message) => {
    const fetchArchive = fetcher({});
    await expect(
      downloadCheckpoint({ checkpoint: checkpoint(storage), path: path.join(root, 't'), fetchArchive }),
    ).rejects.toThrow(message);
    expect(fetchArchive).not.toHaveBeenCalled();
  });
});
