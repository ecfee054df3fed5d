/**
 * A small Google Cloud Storage JSON API server for tests: the calls `@google-cloud/storage`
 * makes to list objects, download media and upload (media or multipart), with objects kept in
 * a temporary directory. Point the library at it with `apiEndpoint` (or `STORAGE_EMULATOR_HOST`).
 */

import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CRC32C } from '@google-cloud/storage';
import { readMultipartUpload } from './gcs-multipart';

interface StoredBlob {
  readonly file: string;
  readonly size: number;
  readonly md5: string;
  readonly crc32c: string;
  readonly updated: string;
}

/** A running GCS JSON API server. */
export interface GcsEmulator {
  /** e.g. `http://127.0.0.1:41234` */
  readonly apiEndpoint: string;
  /** When true every request is answered 403, as for a credential without access. */
  denyAll: boolean;
  /** When set, media downloads drop the connection after this many body bytes. */
  cutMediaAfterBytes: number | null;
  /** Store an object directly (fast seeding of large test checkpoints). */
  putObject(bucket: string, name: string, body: NodeJS.ReadableStream): Promise<void>;
  stop(): Promise<void>;
}

const PAGE_SIZE = 1000;

class BlobStore {
  readonly buckets = new Map<string, Map<string, StoredBlob>>();
  #counter = 0;

  constructor(readonly directory: string) {}

  bucket(name: string): Map<string, StoredBlob> {
    let bucket = this.buckets.get(name);
    if (bucket === undefined) {
      bucket = new Map();
      this.buckets.set(name, bucket);
    }
    return bucket;
  }

  /** Stream `body` into a new object, computing its size and hashes on the way. */
  async put(bucket: string, name: string, body: NodeJS.ReadableStream): Promise<StoredBlob> {
    const file = path.join(this.directory, `blob-${this.#counter++}`);
    const md5 = createHash('md5');
    const crc = new CRC32C();
    let size = 0;
    const hasher = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        md5.update(chunk);
        crc.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    await pipeline(body, hasher, createWriteStream(file));
    const blob = {
      file,
      size,
      md5: md5.digest('base64'),
      crc32c: crc.toString(),
      updated: new Date().toISOString(),
    };
    this.bucket(bucket).set(name, blob);
    return blob;
  }
}

function resource(bucket: string, name: string, blob: StoredBlob): Record<string, unknown> {
  return {
    kind: 'storage#object',
    id: `${bucket}/${name}`,
    name,
    bucket,
    size: String(blob.size),
    md5Hash: blob.md5,
    crc32c: blob.crc32c,
    updated: blob.updated,
    contentType: 'application/octet-stream',
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: http.ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: { code: status, message, errors: [{ message, reason: 'error' }] } });
}

function list(store: BlobStore, bucket: string, url: URL, res: http.ServerResponse): void {
  const prefix = url.searchParams.get('prefix') ?? '';
  const start = Number(url.searchParams.get('pageToken') ?? '0');
  const max = Math.min(Number(url.searchParams.get('maxResults') ?? PAGE_SIZE) || PAGE_SIZE, PAGE_SIZE);
  const names = [...store.bucket(bucket).keys()].filter((name) => name.startsWith(prefix)).sort();
  const page = names.slice(start, start + max);
  const items = page.map((name) => resource(bucket, name, store.bucket(bucket).get(name) as StoredBlob));
  const next = start + max < names.length ? { nextPageToken: String(start + max) } : {};
  sendJson(res, 200, { kind: 'storage#objects', items, ...next });
}

function download(
  bucket: string,
  name: string,
  blob: StoredBlob,
  url: URL,
  res: http.ServerResponse,
  cutAfter: number | null,
): void {
  if (url.searchParams.get('alt') !== 'media') {
    sendJson(res, 200, resource(bucket, name, blob));
    return;
  }
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': blob.size,
    'x-goog-hash': `crc32c=${blob.crc32c},md5=${blob.md5}`,
    'x-goog-stored-content-encoding': 'identity',
  });
  if (cutAfter === null) {
    createReadStream(blob.file).pipe(res);
    return;
  }
  // Send the first bytes, then drop the connection mid-body.
  const partial = createReadStream(blob.file, { start: 0, end: Math.max(0, cutAfter - 1) });
  partial.on('end', () => res.socket?.destroy());
  partial.pipe(res, { end: false });
}

async function upload(store: BlobStore, bucket: string, url: URL, req: http.IncomingMessage) {
  const type = url.searchParams.get('uploadType');
  if (type === 'media') {
    const name = url.searchParams.get('name') ?? '';
    return { name, blob: await store.put(bucket, name, req) };
  }
  if (type === 'multipart') {
    const { metadata, media } = await readMultipartUpload(req);
    const name = typeof metadata.name === 'string' ? metadata.name : (url.searchParams.get('name') ?? '');
    return { name, blob: await store.put(bucket, name, media) };
  }
  throw new Error(`unsupported uploadType ${String(type)}`);
}

async function handle(
  store: BlobStore,
  emulator: { cutMediaAfterBytes: number | null },
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  // With STORAGE_EMULATOR_HOST the library sends JSON API calls without the /storage/v1 prefix.
  const objectRoute = /^(?:\/storage\/v1)?\/b\/([^/]+)\/o(?:\/(.+))?$/.exec(url.pathname);
  const uploadRoute = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
  if (req.method === 'POST' && uploadRoute) {
    const bucket = decodeURIComponent(uploadRoute[1] as string);
    const { name, blob } = await upload(store, bucket, url, req);
    return sendJson(res, 200, resource(bucket, name, blob));
  }
  if (req.method !== 'GET' || objectRoute === null) return sendError(res, 404, `no route ${url.pathname}`);
  const bucket = decodeURIComponent(objectRoute[1] as string);
  if (objectRoute[2] === undefined) return list(store, bucket, url, res);
  const name = decodeURIComponent(objectRoute[2]);
  const blob = store.bucket(bucket).get(name);
  if (blob === undefined) return sendError(res, 404, `No such object: ${bucket}/${name}`);
  download(bucket, name, blob, url, res, emulator.cutMediaAfterBytes);
}

/** Start the server on 127.0.0.1 with an ephemeral port. */
export async function startGcsEmulator(): Promise<GcsEmulator> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'det-gcs-'));
  await mkdir(directory, { recursive: true });
  const store = new BlobStore(directory);
  const emulator = { denyAll: false, cutMediaAfterBytes: null } as {
    denyAll: boolean;
    cutMediaAfterBytes: number | null;
  };
  const server = http.createServer((req, res) => {
    if (emulator.denyAll) {
      req.resume();
      return sendError(res, 403, 'Caller does not have storage.objects.list access');
    }
    handle(store, emulator, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 400, error instanceof Error ? error.message : String(error));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(emulator, {
    apiEndpoint: `http://127.0.0.1:${port}`,
    async putObject(bucket: string, name: string, body: NodeJS.ReadableStream) {
      await store.put(bucket, name, body);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(directory, { recursive: true, force: true });
    },
  });
}
