/**
 * An S3 server (the maintained s3rver fork) on 127.0.0.1 with an ephemeral port, for tests. It
 * runs in a child process: see `s3rver-child.cjs` for why.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';

/** A running s3rver. Its fixed credentials are `S3RVER` / `S3RVER`. */
export interface S3Emulator {
  /** e.g. `http://127.0.0.1:41234` */
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  /**
   * Store a file as object `key` by writing s3rver's on-disk layout directly (seeding 10,000
   * objects through HTTP would take a minute); its ETag file is written too.
   */
  seedObject(bucket: string, key: string, sourceFile: string): Promise<void>;
  stop(): Promise<void>;
}

async function readPort(child: ChildProcess): Promise<number> {
  if (child.stdout === null) throw new Error('s3rver child has no stdout');
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`s3rver exited with code ${String(code)} before listening`);
  });
  const first = once(lines, 'line').then(([line]) => (JSON.parse(String(line)) as { port: number }).port);
  return Promise.race([first, exited]);
}

/** Options of `startS3Emulator`. */
export interface StartS3EmulatorOptions {
  readonly buckets: readonly string[];
  /** Path of `s3rver-child.cjs` (default: beside this module; bundles must name it). */
  readonly childScript?: string | undefined;
}

/** Start s3rver with the given buckets. */
export async function startS3Emulator(options: StartS3EmulatorOptions): Promise<S3Emulator> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'det-s3rver-'));
  const child = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      options.childScript ?? path.join(__dirname, 's3rver-child.cjs'),
      directory,
      ...options.buckets,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const port = await readPort(child).catch(async (error: unknown) => {
    child.kill();
    await rm(directory, { recursive: true, force: true });
    throw error;
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    async seedObject(bucket, key, sourceFile) {
      const parts = key.split('/');
      const name = parts.pop() ?? '';
      const dir = path.join(directory, bucket, ...parts);
      await mkdir(dir, { recursive: true });
      const object = path.join(dir, `${name}._S3rver_object`);
      await copyFile(sourceFile, object);
      const md5 = createHash('md5');
      await pipeline(createReadStream(object), md5);
      await writeFile(`${object}.md5`, md5.digest('hex'));
    },
    async stop() {
      const exited = child.exitCode === null ? once(child, 'exit') : Promise.resolve();
      child.stdin?.end();
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
