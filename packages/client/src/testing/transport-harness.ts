// Shared by the Transport test files: recording servers and transports closed after each test.
import type http from 'node:http';
import type { Logger } from '../core/logger';
import { Transport, type TransportOptions } from '../core/transport';
import { type RawHandler, type RawServer, startRawServer } from './raw-server';

const servers: RawServer[] = [];
const transports: Transport[] = [];

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Start a raw recording server, closed after the test. */
export async function startServer(handler: RawHandler): Promise<RawServer> {
  const started = await startRawServer(handler);
  servers.push(started);
  return started;
}

/** Answer with a JSON body. */
export function json(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A logger that keeps every line (message and fields) for assertions. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (message: string, fields?: Record<string, unknown>): void => {
    lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  };
  return { lines, debug: record, info: record, warn: record, error: record };
}

/** A transport to `server` with fast retries and a recording logger, closed after the test. */
export function transportFor(server: { url: string }, options: Partial<TransportOptions> = {}): Transport {
  const transport = new Transport({
    master: server.url,
    retry: { backoffBaseMs: 1 },
    logger: recordingLogger(),
    ...options,
  });
  transports.push(transport);
  return transport;
}

/** The rejection of `promise` (fails the test if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}
