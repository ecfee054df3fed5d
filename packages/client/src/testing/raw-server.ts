import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a raw test server saw it, body read whole. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Answers one request; `index` counts requests from 0. */
export type RawHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  seen: SeenRequest,
  index: number,
) => void;

/** A plain node:http server for tests that control every byte of the answer. */
export interface RawServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

/** Start a server on 127.0.0.1 (ephemeral port) that records each request, then calls `handler`. */
export async function startRawServer(handler: RawHandler): Promise<RawServer> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      requests.push(seen);
      handler(req, res, seen, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
