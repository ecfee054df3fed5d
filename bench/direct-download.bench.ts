// DIRECT checkpoint download from S3 (s3rver in its own process) next to MASTER (the mock master's
// GET /checkpoints/{uuid}, gzip tar) for the same checkpoints: 10,000 small files and one
// 256 MiB file. Both write through the client's atomic download paths and are checked by hash.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { request } from 'undici';
import { extractArchiveAtomically } from '../packages/client/src/lib/path-utils';
import { downloadFromCloud } from '../packages/client/src/lib/storage/direct-download';
import { ProgressReporter } from '../packages/client/src/lib/storage/progress';
import { listTree } from '../packages/client/src/testing/storage/checkpoint-trees';
import { startS3Emulator } from '../packages/client/src/testing/storage/s3rver-server';
import { startMockMaster } from '../packages/mock-master/src/index';
import { report, runBench } from './measure';

const name = 'checkpoint download: DIRECT from s3rver vs MASTER (10,000 small files; one 256 MiB file)';
const target = 'every file arrives with its hash; figures only (s3rver serves a few hundred requests/s)';

async function hashes(root: string): Promise<string> {
  const all = createHash('sha256');
  for (const file of await listTree(root)) {
    const hash = createHash('sha256');
    await pipeline(createReadStream(file.abs), hash);
    all.update(`${file.rel}\0${hash.digest('hex')}\n`);
  }
  return all.digest('hex');
}

async function token(url: string): Promise<string> {
  const response = await request(`${url}/api/v1/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ username: 'determined', password: '', isHashed: true }),
    headers: { 'content-type': 'application/json' },
  });
  return ((await response.body.json()) as { token: string }).token;
}

function seconds(start: number): number {
  return Math.round((performance.now() - start) / 100) / 10;
}

runBench(name, target, async () => {
  const root = process.cwd();
  const work = await mkdtemp(path.join(os.tmpdir(), 'det-direct-bench-'));
  const mock = await startMockMaster({ port: 0, speed: 1000 });
  const s3 = await startS3Emulator({
    buckets: ['ckpts'],
    childScript: path.join(root, 'packages/client/src/testing/storage/s3rver-child.cjs'),
  });
  try {
    const bearer = await token(mock.url);
    const small: Record<string, string> = {};
    for (let i = 0; i < 10_000; i++) small[`shard-${Math.floor(i / 100)}/part-${i}.bin`] = `tensor ${i}\n`;
    const manyUuid = mock.state.createLargeCheckpoint(16);
    mock.state.storage.writeFiles(manyUuid, small);
    const largeUuid = mock.state.createLargeCheckpoint(256 * 1024 * 1024);
    const figures: Record<string, number | boolean> = {};
    let ok = true;
    for (const [label, uuid] of [
      ['small', manyUuid],
      ['large', largeUuid],
    ] as const) {
      const source = mock.state.storage.dir(uuid);
      for (const file of await listTree(source)) {
        await s3.seedObject('ckpts', `${uuid}/${file.rel}`, createReadStream(file.abs));
      }
      const expected = await hashes(source);
      let start = performance.now();
      const direct = path.join(work, `${label}-direct`);
      await downloadFromCloud({
        storage: {
          type: 's3',
          bucket: 'ckpts',
          endpoint_url: s3.endpoint,
          access_key: 'S3RVER',
          secret_key: 'S3RVER',
        },
        uuid,
        target: direct,
        progress: new ProgressReporter(),
      });
      figures[`${label}DirectS`] = seconds(start);
      start = performance.now();
      const viaMaster = path.join(work, `${label}-master`);
      const response = await request(`${mock.url}/checkpoints/${uuid}`, {
        headers: { authorization: `Bearer ${bearer}`, accept: 'application/gzip' },
      });
      await extractArchiveAtomically(response.body, viaMaster, { format: 'tgz' });
      figures[`${label}MasterS`] = seconds(start);
      const same = (await hashes(direct)) === expected && (await hashes(viaMaster)) === expected;
      figures[`${label}HashesMatch`] = same;
      ok &&= same;
    }
    report({ name, ok, target, ...figures });
  } finally {
    await s3.stop();
    await mock.stop();
    await rm(work, { recursive: true, force: true });
  }
});
