import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { MockLogger } from './logger';
import { echoErrorBody } from './wire-errors';

/** PEM key and certificate for serving HTTPS. */
export interface TlsOptions {
  /** The server's private key (PEM). */
  key: string | Buffer;
  /** The server's certificate chain (PEM). */
  cert: string | Buffer;
}

/** A listening server that can be shut down without leaking sockets. */
export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

function clientErrorStatus(error: NodeJS.ErrnoException): number {
  if (error.code === 'HPE_HEADER_OVERFLOW') return 431;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

// Answers requests Node cannot parse (oversized headers, broken framing) with an echo-style error body.
function answerClientError(error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = clientErrorStatus(error);
  const reason = STATUS_CODES[status] ?? 'Bad Request';
  const body = JSON.stringify(echoErrorBody(reason));
  // A response to HEAD must not carry a body, or the client reads it as garbage.
  const isHead = error.rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `x-request-id: ${randomUUID()}\r\nconnection: close\r\n\r\n${isHead ? '' : body}`,
  );
}

/** Starts an HTTP(S) server on `host:port` that tracks its sockets and destroys them on close. */
export async function listen(options: {
  host: string;
  port: number;
  tls?: TlsOptions | undefined;
  listener: Listener;
  logger: MockLogger;
  /** Takes protocol upgrades (WebSocket); without it they are refused by closing the socket. */
  onUpgrade?: ((req: IncomingMessage, socket: Duplex, head: Buffer) => void) | undefined;
}): Promise<RunningServer> {
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    options.listener(req, res).catch((error: unknown) => {
      options.logger.error?.(`mock master: request listener failed: ${String(error)}`);
      res.destroy();
    });
  };
  const server: Server = options.tls
    ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, onRequest)
    : createServer(onRequest);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', answerClientError);
  const onUpgrade = options.onUpgrade;
  if (onUpgrade) server.on('upgrade', onUpgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };
  return { url: `${options.tls ? 'https' : 'http'}://${host}:${port}`, port, close };
}
