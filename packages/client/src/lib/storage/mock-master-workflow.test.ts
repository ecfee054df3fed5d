import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertNoResponseViolations, type MockMaster, startMockMaster } from '@determined-ts/mock-master';
import type { Session } from '../../core/session';
import { Experiment } from '../../resources/experiments/experiment';
import { type AzureEmulator, startAzureEmulator } from '../../testing/storage/azurite-server';
import { hashTree } from '../../testing/storage/checkpoint-trees';
import { type GcsEmulator, startGcsEmulator } from '../../testing/storage/gcs-server';
import { type S3Emulator, startS3Emulator } from '../../testing/storage/s3rver-server';
import { createTestSession } from '../../testing/test-session';
import { DownloadMode, ExperimentState } from '../enums';
import type { DownloadProgress } from './progress';

const CONFIG = `
name: cloud-workflow
hyperparameters: {lr: 0.1, global_batch_size: 32}
searcher: {name: single, metric: validation_loss, smaller_is_better: true, max_length: {batches: 200}}
min_validation_period: {batches: 100}
min_checkpoint_period: {batches: 100}
`;

let mock: MockMaster;
let session: Session;
let work: string;
const servers = {} as { s3: S3Emulator; gcs: GcsEmulator; azure: AzureEmulator };
const previousEmulatorHost = process.env.STORAGE_EMULATOR_HOST;

beforeAll(async () => {
  [servers.s3, servers.gcs, servers.azure] = await Promise.all([
    startS3Emulator({ buckets: ['ckpts'] }),
    startGcsEmulator(),
    startAzureEmulator(),
  ]);
  // Names the GCS server to the mock (which writes there) and to the client library alike.
  process.env.STORAGE_EMULATOR_HOST = servers.gcs.apiEndpoint;
  mock = await startMockMaster({ validateResponses: 'record', speed: 200 });
  const response = await fetch(`${mock.url}/api/v1/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ username: 'determined', password: '', isHashed: true }),
  });
  const { token } = (await response.json()) as { token: string };
  session = createTestSession({ master: mock.url, username: 'determined', token });
  work = await mkdtemp(path.join(tmpdir(), 'det-cloud-workflow-'));
}, 60_000);

afterAll(async () => {
  await mock?.stop();
  if (previousEmulatorHost === undefined) delete process.env.STORAGE_EMULATOR_HOST;
  else process.env.STORAGE_EMULATOR_HOST = previousEmulatorHost;
  await Promise.all([servers.s3?.stop(), servers.gcs?.stop(), servers.azure?.stop()]);
  await rm(work, { recursive: true, force: true });
  assertNoResponseViolations(mock);
});

const storages: Record<string, () => string> = {
  s3: () =>
    `{type: s3, bucket: ckpts, prefix: runs, endpoint_url: "${servers.s3.endpoint}", access_key: ${servers.s3.accessKey}, secret_key: ${servers.s3.secretKey}}`,
  gcs: () => '{type: gcs, bucket: ckpts, prefix: team}',
  azure: () => `{type: azure, container: ckpts, connection_string: "${servers.azure.connectionString}"}`,
};

describe('a whole workflow against the mock master and a storage server', () => {
  it.each(Object.keys(storages))(
    '%s: create, train, then topCheckpoint().download DIRECT gives the files the master serves',
    async (type) => {
      const config = `${CONFIG}checkpoint_storage: ${storages[type]?.()}\n`;
      const created = await session.call('CreateExperiment', { body: { config, activate: true } });
      const experiment = Experiment.fromApi(created.experiment, session);
      await expect(experiment.wait({ intervalMs: 50, deadlineMs: 30_000 })).resolves.toBe(
        ExperimentState.COMPLETED,
      );
      await mock.state.storage.cloud.idle();
      const best = await experiment.topCheckpoint();
      expect(best.training?.experimentConfig.checkpoint_storage).toMatchObject({ type });
      const reports: DownloadProgress[] = [];
      const direct = await best.download({
        path: path.join(work, type, 'direct'),
        mode: DownloadMode.DIRECT,
        onProgress: (p) => reports.push(p),
      });
      const viaMaster = await best.download({
        path: path.join(work, type, 'master'),
        mode: DownloadMode.MASTER,
      });
      expect(await hashTree(direct)).toEqual(await hashTree(viaMaster));
      const last = reports.at(-1);
      expect(last).toEqual({
        bytes: last?.totalBytes,
        totalBytes: expect.any(Number),
        files: last?.totalFiles,
        totalFiles: Object.keys(best.resources ?? {}).filter((rel) => !rel.endsWith('/')).length,
      });
    },
    60_000,
  );
});
