/**
 * An S3 server (the maintained s3rver fork) on 127.0.0.1 with an ephemeral port, for tests. It
 * runs in a child process: see `s3rver-child.cjs` for why.
 */

import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startChildServer } from './child-server';

/** A running s3rver. Its fixed credentials are `S3RVER` / `S3RVER`. */
export interface S3Emulator {
  /** e.g. `http://127.0.0.1:41234` */
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  /**
   * Store `body` as object `key` by writing s3rver's on-disk layout directly (seeding 10,000
   * objects through HTTP would take a minute); its ETag file is written too.
   */
  seedObject(bucket: string, key: string, body: NodeJS.ReadableStream): Promise<void>;
  stop(): Promise<void>;
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
  const child = await startChildServer({
    script: options.childScript ?? path.join(__dirname, 's3rver-child.cjs'),
    args: [directory, ...options.buckets],
    nodeArgs: ['--openssl-legacy-provider'],
  }).catch(async (error: unknown) => {
    await rm(directory, { recursive: true, force: true });
    throw error;
  });
  return {
    endpoint: `http://127.0.0.1:${child.port}`,
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    async seedObject(bucket, key, body) {
      const parts = key.split('/');
      const name = parts.pop() ?? '';
      const dir = path.join(directory, bucket, ...parts);
      await mkdir(dir, { recursive: true });
      const object = path.join(dir, `${name}._S3rver_object`);
      const md5 = createHash('md5');
      const hashing = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          md5.update(chunk);
          done(null, chunk);
        },
      });
      await pipeline(body, hashing, createWriteStream(object));
      await writeFile(`${object}.md5`, md5.digest('hex'));
    },
    async stop() {
      await child.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
