/** Server-sent events over a node:http response. */
import type { ServerResponse } from 'node:http';

/** Real milliseconds between keep-alive comments (proxies drop idle connections). */
const HEARTBEAT_MS = 15_000;

/** An open event stream to one page. */
export interface SseStream {
  /** Sends one event with JSON data. */
  send(event: string, data: unknown): void;
  /** Ends the stream. */
  close(): void;
}

/** Starts an event stream on `res`; `onClose` runs once when it ends, whichever side ends it. */
export function openSse(res: ServerResponse, onClose: () => void): SseStream {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  res.write('retry: 2000\n\n');
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    onClose();
  };
  res.on('close', finish);
  return {
    send(event, data) {
      if (closed) return;
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      finish();
      res.end();
    },
  };
}
