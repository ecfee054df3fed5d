// Records what the mock master sends for the heavy scenarios (metric-stream bodies, checkpoint
// archives) into files, once: the bench master then serves these exact bytes to every contender.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { startMockMaster } from '@determined-ts/mock-master';
import { list as listTar } from 'tar';
import { writeModelDir, writeSmallFiles, writeWeights } from './generate-files';
import { rawLogin } from './protocol';

/** Bump when the generated content changes, so stale recordings are not reused. */
const FIXTURE_VERSION = 'v1';
const MiB = 1024 * 1024;

/** A recorded metric stream. */
export interface StreamRecording {
  readonly file: string;
  readonly rows: number;
  readonly bodyBytes: number;
}

/** A recorded checkpoint archive (gzip-compressed tar). */
export interface ArchiveRecording {
  readonly file: string;
  readonly gzipBytes: number;
  readonly tarBytes: number;
  readonly files: number;
  /**
   * The checkpoint's `resources` (path → size), as the master lists them next to the archive.
   * Missing in recordings made before it was recorded; `loadRecordings` then reads the archive.
   */
  readonly resources?: Readonly<Record<string, string>>;
}

/** Everything recorded, with the model directory the createExperiment scenario uploads. */
export interface Recordings {
  readonly streams: { readonly rows100k: StreamRecording; readonly rows1m: StreamRecording };
  readonly archives: {
    readonly oneFile512MiB: ArchiveRecording;
    readonly oneFile1GiB: ArchiveRecording;
    readonly smallFiles10k: ArchiveRecording;
  };
  readonly modelDir: { readonly path: string; readonly files: number; readonly bytes: number };
}

type Mock = Awaited<ReturnType<typeof startMockMaster>>;

function trialOf(mock: Mock, uuid: string): number {
  const trialId = mock.state.checkpoint(uuid).training?.trialId;
  if (trialId === undefined) throw new Error(`checkpoint ${uuid} has no trial`);
  return trialId;
}

async function recordStream(mock: Mock, token: string, rows: number, file: string): Promise<StreamRecording> {
  const trialId = trialOf(mock, mock.state.createLargeCheckpoint(1024));
  mock.state.createSyntheticMetrics(trialId, rows);
  const response = await fetch(
    `${mock.url}/api/v1/trials/metrics/trial_metrics?trialIds=${trialId}&group=training`,
    {
      headers: { authorization: `Bearer ${token}` },
    },
  );
  if (!response.ok || response.body === null) throw new Error(`metric stream: HTTP ${response.status}`);
  let bodyBytes = 0;
  const counted = Readable.fromWeb(response.body).on('data', (chunk: Buffer) => {
    bodyBytes += chunk.length;
  });
  await pipeline(counted, createWriteStream(file));
  return { file, rows, bodyBytes };
}

function byteCounter(onChunk: (size: number) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      onChunk(chunk.length);
      callback();
    },
  });
}

async function recordArchive(
  mock: Mock,
  token: string,
  file: string,
  fill: (dir: string) => Promise<number>,
): Promise<ArchiveRecording> {
  const uuid = mock.state.createLargeCheckpoint(1024);
  const dir = mock.state.storage.dir(uuid);
  await rm(path.join(dir, 'state_dict.pth'));
  const files = (await fill(dir)) + 1; // + metadata.json
  const resources = mock.state.storage.resources(uuid);
  const response = await fetch(`${mock.url}/checkpoints/${uuid}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/gzip' },
  });
  if (!response.ok || response.body === null) throw new Error(`archive: HTTP ${response.status}`);
  let gzipBytes = 0;
  const body = Readable.fromWeb(response.body).on('data', (chunk: Buffer) => {
    gzipBytes += chunk.length;
  });
  await pipeline(body, createWriteStream(file));
  let tarBytes = 0;
  await pipeline(
    createReadStream(file),
    createGunzip(),
    byteCounter((n) => {
      tarBytes += n;
    }),
  );
  await rm(dir, { recursive: true, force: true });
  return { file, gzipBytes, tarBytes, files, resources };
}

/** The `resources` of a recorded archive: every file in it with its size. */
async function archiveResources(file: string): Promise<Record<string, string>> {
  const resources: Record<string, string> = {};
  await listTar({
    file,
    onReadEntry: (entry) => {
      if (entry.type === 'File') resources[entry.path] = String(entry.size);
    },
  });
  return resources;
}

/** Recordings made before archives carried their `resources`, completed (and saved) once. */
async function withResources(recordings: Recordings, index: string): Promise<Recordings> {
  const archives = recordings.archives;
  if (Object.values(archives).every((archive) => archive.resources !== undefined)) return recordings;
  const complete = async (archive: ArchiveRecording): Promise<ArchiveRecording> =>
    archive.resources === undefined
      ? { ...archive, resources: await archiveResources(archive.file) }
      : archive;
  const completed: Recordings = {
    ...recordings,
    archives: {
      oneFile512MiB: await complete(archives.oneFile512MiB),
      oneFile1GiB: await complete(archives.oneFile1GiB),
      smallFiles10k: await complete(archives.smallFiles10k),
    },
  };
  await writeFile(index, JSON.stringify(completed, null, 2));
  return completed;
}

async function record(dataDir: string): Promise<Recordings> {
  const mock = await startMockMaster({ port: 0, seed: 7, validateResponses: 'off' });
  try {
    const token = await rawLogin(mock.url);
    const stream = (rows: number, name: string) => recordStream(mock, token, rows, path.join(dataDir, name));
    const rows100k = await stream(100_000, 'metrics-100k.ndjson');
    const rows1m = await stream(1_000_000, 'metrics-1m.ndjson');
    const weights = (bytes: number) => async (dir: string) => {
      await writeWeights(path.join(dir, 'state_dict.pth'), bytes, 11);
      return 1;
    };
    const archive = (name: string, fill: (dir: string) => Promise<number>) =>
      recordArchive(mock, token, path.join(dataDir, name), fill);
    const oneFile512MiB = await archive('checkpoint-512mib.tgz', weights(512 * MiB));
    const oneFile1GiB = await archive('checkpoint-1gib.tgz', weights(1024 * MiB));
    const smallFiles10k = await archive('checkpoint-10k-files.tgz', async (dir) => {
      await writeSmallFiles(dir, 10_000, 13);
      return 10_000;
    });
    const modelPath = path.join(dataDir, 'model-dir');
    await rm(modelPath, { recursive: true, force: true });
    const model = await writeModelDir(modelPath, { files: 2_000, bytes: 50 * MiB, seed: 17 });
    return {
      streams: { rows100k, rows1m },
      archives: { oneFile512MiB, oneFile1GiB, smallFiles10k },
      modelDir: { path: modelPath, ...model },
    };
  } finally {
    await mock.stop();
  }
}

/** The recordings under `root` (`.bench/data`), made on first use and reused afterwards. */
export async function loadRecordings(root: string): Promise<Recordings> {
  const dataDir = path.join(root, FIXTURE_VERSION);
  const index = path.join(dataDir, 'recordings.json');
  if (existsSync(index)) return withResources(JSON.parse(await readFile(index, 'utf8')) as Recordings, index);
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const recordings = await record(dataDir);
  await writeFile(index, JSON.stringify(recordings, null, 2));
  return recordings;
}
