// Checkpoint download contenders on the same recorded tgz: the SDK's Checkpoint.download in
// MASTER mode (and DIRECT, for a checkpoint whose objects are in s3rver), the raw limit (node:http -> gunzip with 1 MiB chunks, output discarded), and
// `curl | tar -xz` into a directory.
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { DownloadMode } from '@determined-ts/client';
import { contenderArgs, rawLogin, runContender, secondsSince } from '../protocol';
import { benchClient } from '../sdk-session';

interface Args {
  readonly contender: 'sdk' | 'sdk-direct' | 'raw' | 'curl';
  readonly url: string;
  readonly uuid: string;
  readonly tarBytes: number;
  /** Where to extract (removed before and after). */
  readonly target: string;
}

const args = contenderArgs<Args>();

function sdkIn(mode: DownloadMode): () => Promise<() => Promise<number>> {
  return async () => {
    const det = benchClient(args.url);
    const checkpoint = await det.getCheckpoint(args.uuid);
    return async () => {
      await checkpoint.download({ path: args.target, mode });
      await det.close();
      return args.tarBytes;
    };
  };
}

async function raw(): Promise<() => Promise<number>> {
  const token = await rawLogin(args.url);
  return async () => {
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http
        .get(
          `${args.url}/checkpoints/${args.uuid}`,
          { headers: { authorization: `Bearer ${token}`, accept: 'application/gzip' } },
          resolve,
        )
        .on('error', reject);
    });
    if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
    let bytes = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        callback();
      },
    });
    await pipeline(response, createGunzip({ chunkSize: 1024 * 1024 }), sink);
    return bytes;
  };
}

async function curl(): Promise<() => Promise<number>> {
  const token = await rawLogin(args.url);
  return async () => {
    const script =
      'mkdir -p "$TARGET" && curl -sSf -H "Authorization: Bearer $TOKEN" -H "Accept: application/gzip" "$URL" | tar -xz -C "$TARGET"';
    const env = {
      ...process.env,
      TARGET: args.target,
      TOKEN: token,
      URL: `${args.url}/checkpoints/${args.uuid}`,
    };
    const code = await new Promise<number | null>((resolve, reject) => {
      spawn('sh', ['-c', script], { env, stdio: 'inherit' }).on('error', reject).on('exit', resolve);
    });
    if (code !== 0) throw new Error(`curl | tar -xz exited with ${code}`);
    return args.tarBytes;
  };
}

const contenders = { sdk: sdkIn(DownloadMode.MASTER), 'sdk-direct': sdkIn(DownloadMode.DIRECT), raw, curl };

runContender(async () => {
  await rm(args.target, { recursive: true, force: true });
  const measure = await contenders[args.contender]();
  const started = performance.now();
  const bytes = await measure();
  const seconds = secondsSince(started);
  await rm(args.target, { recursive: true, force: true });
  return { ok: bytes === args.tarBytes, seconds, units: bytes };
});
