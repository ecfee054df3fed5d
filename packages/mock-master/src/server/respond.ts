import { type ServerResponse, STATUS_CODES } from 'node:http';
import type { Readable } from 'node:stream';
import { GrpcCode, MockHttpError } from '../errors';
import { altersBody, BodyWriter } from '../faults/body-writer';
import type { FaultSpec } from '../faults/types';

type BodyFault = Pick<FaultSpec, 'reset' | 'truncate' | 'slowBodyBytesPerSec'> | null;

/** Checks one NDJSON item; returns the item to send (possibly an error line) and whether to stop after it. */
export type StreamItemCheck = (item: unknown) => { send: unknown; stop: boolean };

function withoutLength(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-length'),
  );
}

/** Sends a JSON body (with Content-Length unless a fault cuts the body short). */
export async function sendJson(
  res: ServerResponse,
  options: {
    status: number;
    headers?: Record<string, string> | undefined;
    body: unknown;
    fault: BodyFault;
    /** Indent with four spaces, as the master's `application/json+pretty` marshaler does. */
    pretty?: boolean;
  },
): Promise<void> {
  const text = options.pretty === true ? JSON.stringify(options.body, null, 4) : JSON.stringify(options.body);
  const payload = Buffer.from(text, 'utf8');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...withoutLength(options.headers ?? {}),
  };
  if (!altersBody(options.fault)) headers['content-length'] = String(payload.length);
  res.writeHead(options.status, headers);
  const writer = new BodyWriter(res, options.fault);
  if (await writer.write(payload)) await writer.end();
}

/**
 * Sends newline-delimited JSON items as they are produced. Like the master's gateway, the status is
 * sent with the first item, so a failure before it answers with the error's own HTTP status and a
 * `{"error": ...}` body, while a failure later becomes an error line after a 200.
 */
export async function sendNdjson(
  res: ServerResponse,
  options: {
    status: number;
    headers?: Record<string, string> | undefined;
    items: AsyncIterable<unknown>;
    fault: BodyFault;
    check: StreamItemCheck;
  },
): Promise<void> {
  const headers = { 'content-type': 'application/json', ...withoutLength(options.headers ?? {}) };
  const iterator = options.items[Symbol.asyncIterator]();
  let current: IteratorResult<unknown>;
  try {
    current = await iterator.next();
  } catch (error) {
    res.writeHead(error instanceof MockHttpError ? error.status : 500, headers);
    res.end(`${JSON.stringify(options.check({ error: streamErrorFor(error) }).send)}\n`);
    return;
  }
  res.writeHead(options.status, headers);
  const writer = new BodyWriter(res, options.fault);
  const writeLine = (item: unknown) => writer.write(Buffer.from(`${JSON.stringify(item)}\n`, 'utf8'));
  try {
    while (current.done !== true) {
      const { send, stop } = options.check(current.value);
      if (!(await writeLine(send)) || stop) {
        await iterator.return?.();
        break;
      }
      current = await iterator.next();
    }
  } catch (error) {
    await writeLine(options.check({ error: streamErrorFor(error) }).send);
  }
  await writer.end();
}

/** The `runtimeStreamError` for a failure while producing a stream. */
export function streamErrorFor(error: unknown): Record<string, unknown> {
  const status = error instanceof MockHttpError ? error.status : 500;
  return {
    grpcCode: error instanceof MockHttpError ? error.grpcCode : GrpcCode.Internal,
    httpCode: status,
    message: error instanceof Error ? error.message : String(error),
    httpStatus: STATUS_CODES[status] ?? 'Unknown',
    details: [],
  };
}

/** Pipes a binary stream as the body; a failing source aborts the connection mid-body. */
export async function sendStream(
  res: ServerResponse,
  options: { status: number; headers: Record<string, string>; stream: Readable; fault: BodyFault },
): Promise<void> {
  const headers = altersBody(options.fault) ? withoutLength(options.headers) : options.headers;
  res.writeHead(options.status, headers);
  const writer = new BodyWriter(res, options.fault);
  try {
    for await (const chunk of options.stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      if (!(await writer.write(buffer))) break;
    }
  } catch {
    res.destroy();
    return;
  } finally {
    options.stream.destroy();
  }
  await writer.end();
}
