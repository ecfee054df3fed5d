/**
 * Reading a GCS `uploadType=multipart` request body (`multipart/related`: JSON metadata, then
 * the media), buffered whole: the test server only receives small uploads this way.
 */

import type http from 'node:http';
import { Readable } from 'node:stream';

/** The two parts of a multipart upload. */
export interface MultipartUpload {
  readonly metadata: Record<string, unknown>;
  readonly media: Readable;
}

async function readAll(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function partBody(part: Buffer): Buffer {
  const end = part.indexOf('\r\n\r\n');
  if (end < 0) throw new Error('multipart part without headers');
  let body = part.subarray(end + 4);
  if (body.subarray(-2).toString() === '\r\n') body = body.subarray(0, -2);
  return body;
}

/** Split the request into its metadata and media parts. */
export async function readMultipartUpload(req: http.IncomingMessage): Promise<MultipartUpload> {
  const boundary = /boundary="?([^";]+)"?/.exec(req.headers['content-type'] ?? '')?.[1];
  if (boundary === undefined) throw new Error('multipart upload without a boundary');
  const body = await readAll(req);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    parts.push(body.subarray(start + delimiter.length + 2, next));
    start = next;
  }
  const [meta, media] = parts;
  if (meta === undefined || media === undefined) throw new Error('multipart upload needs two parts');
  return {
    metadata: JSON.parse(partBody(meta).toString('utf8')) as Record<string, unknown>,
    media: Readable.from([partBody(media)]),
  };
}
