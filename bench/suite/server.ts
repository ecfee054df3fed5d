// The bench master: a mock master in its own process that serves recorded bytes for the heavy
// scenarios (so every contender gets exactly the same body and the server is never the
// bottleneck) and the mock's own handlers for everything else. Prints the manifest as one JSON
// line, then serves until SIGTERM.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { GrpcCode, type Handler, MockHttpError, startMockMaster } from '@determined-ts/mock-master';
// The mock's own experiment listing, to record its answer (the package exports only the server).
import { handlers as mockHandlers } from '../../packages/mock-master/src/handlers';
import { storeCheckpointInS3 } from './direct-s3';
import {
  type ArchiveFixture,
  BENCH_PASSWORD,
  BENCH_USER,
  type BenchManifest,
  rawLogin,
  type StreamFixture,
} from './protocol';
import { type ArchiveRecording, loadRecordings, type StreamRecording } from './record';

const EXPERIMENTS = 10_000;
const root = path.resolve(process.argv[2] ?? '.bench');

const streamsByTrial = new Map<number, StreamRecording>();
const archivesByUuid = new Map<string, ArchiveRecording>();
/** The mock's answer to each experiment listing query, rendered once: the bytes every contender gets. */
const listingsByQuery = new Map<string, Buffer>();

/**
 * `GET /api/v1/experiments`: the mock renders 10,000 experiments in about as long as the client
 * takes to receive and read them, so the listing scenario would measure the mock. Each distinct
 * query is rendered by the mock's own handler once (warmed before the manifest is printed) and
 * its bytes replayed afterwards, like the recorded streams and archives.
 */
const listExperiments: Handler = async (req, ctx) => {
  const key = JSON.stringify(Object.entries(req.query).sort(([a], [b]) => a.localeCompare(b)));
  let bytes = listingsByQuery.get(key);
  if (bytes === undefined) {
    const render = mockHandlers.GetExperiments;
    if (render === undefined)
      throw new MockHttpError(500, GrpcCode.Internal, 'the mock has no GetExperiments');
    const answer = await render(req, ctx);
    if (!('json' in answer) || (answer.status ?? 200) !== 200) return answer;
    bytes = Buffer.from(JSON.stringify(answer.json));
    listingsByQuery.set(key, bytes);
  }
  return {
    status: 200,
    headers: { 'content-type': 'application/json', 'content-length': String(bytes.length) },
    stream: Readable.from([bytes]),
  };
};

const handlers: Record<string, Handler> = {
  GetExperiments: listExperiments,
  GetMetrics: (req) => {
    const ids = req.query.trialIds;
    const recording = Array.isArray(ids) && ids.length === 1 ? streamsByTrial.get(Number(ids[0])) : undefined;
    if (recording === undefined) {
      throw new MockHttpError(404, GrpcCode.NotFound, 'the bench master only serves its recorded streams');
    }
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      stream: createReadStream(recording.file, { highWaterMark: 64 * 1024 }),
    };
  },
  'get-checkpoint': (req) => {
    const recording = archivesByUuid.get(String(req.pathParams.checkpoint_uuid));
    if (recording === undefined) throw new MockHttpError(404, GrpcCode.NotFound, 'no recorded archive');
    if (!String(req.headers.accept ?? '').includes('gzip')) {
      throw new MockHttpError(415, GrpcCode.InvalidArgument, 'the bench master serves tgz archives only');
    }
    return {
      status: 200,
      headers: { 'content-type': 'application/gzip', 'content-length': String(recording.gzipBytes) },
      stream: createReadStream(recording.file, { highWaterMark: 1024 * 1024 }),
    };
  },
};

async function main(): Promise<void> {
  const recordings = await loadRecordings(path.join(root, 'data'));
  const experiments = Array.from({ length: EXPERIMENTS }, (_, i) => ({ name: `bench-${i}` }));
  const mock = await startMockMaster({
    port: 0,
    seed: 7,
    validateResponses: 'off',
    handlers,
    scenario: { experiments },
  });
  const benchUser = mock.users.getByName(BENCH_USER);
  if (!benchUser) throw new Error(`the mock has no user ${BENCH_USER}`);
  mock.users.patch(benchUser.id, { password: BENCH_PASSWORD, isHashed: false });
  const checkpoint = () => mock.state.checkpoint(mock.state.createLargeCheckpoint(1024));
  const stream = (recording: StreamRecording): StreamFixture => {
    const trialId = checkpoint().training?.trialId ?? 0;
    streamsByTrial.set(trialId, recording);
    return { trialId, rows: recording.rows, bodyBytes: recording.bodyBytes };
  };
  const archive = (recording: ArchiveRecording): ArchiveFixture => {
    const { uuid } = checkpoint();
    archivesByUuid.set(uuid, recording);
    // The master lists the files of the archive it serves (the SDK bounds the extraction by them).
    const record = mock.state.checkpoints.get(uuid);
    if (record !== undefined && recording.resources !== undefined) {
      mock.state.checkpoints.set(uuid, { ...record, resources: { ...recording.resources } });
    }
    return { uuid, gzipBytes: recording.gzipBytes, tarBytes: recording.tarBytes, files: recording.files };
  };
  const streams = {
    rows100k: stream(recordings.streams.rows100k),
    rows1m: stream(recordings.streams.rows1m),
  };
  const archives = {
    oneFile512MiB: archive(recordings.archives.oneFile512MiB),
    oneFile1GiB: archive(recordings.archives.oneFile1GiB),
    smallFiles10k: archive(recordings.archives.smallFiles10k),
  };
  // The same 10,000-file checkpoint once more, its objects also in s3rver (DIRECT next to MASTER).
  const directS3 = archive(recordings.archives.smallFiles10k);
  const s3 = await storeCheckpointInS3({
    mock,
    uuid: directS3.uuid,
    recording: recordings.archives.smallFiles10k,
    repositoryRoot: path.dirname(root),
  });
  // Render the listing the scenario asks for (SDK and raw send the same query) before any contender.
  const token = await rawLogin(mock.url);
  const warm = await fetch(`${mock.url}/api/v1/experiments?offset=0`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!warm.ok) throw new Error(`warming the experiment listing failed: HTTP ${warm.status}`);
  await warm.arrayBuffer();
  const manifest: BenchManifest = {
    url: mock.url,
    streams,
    archives,
    directS3,
    modelDir: recordings.modelDir,
    experiments: mock.state.experiments.size,
    experimentId: checkpoint().training?.experimentId ?? 1,
  };
  process.stdout.write(`${JSON.stringify(manifest)}\n`);
  const stop = () => {
    void Promise.all([mock.stop(), s3.stop()]).then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
