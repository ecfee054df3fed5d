/** The dashboard's HTTP server (node:http, no framework). The master's token never leaves it. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Determined } from '@determined-ts/client';
import { FeedHub } from './feed-hub';
import { describeFailure, sendJson } from './responses';
import { type RouteContext, route } from './routes';

/** Options of {@link startDashboard}. */
export interface DashboardOptions {
  /** The SDK client the server talks to the master with; the caller closes it. */
  readonly det: Determined;
  /** Directory of `index.html`, `app.js`, `chart.js` and `style.css`. */
  readonly publicDir: string;
  /** Interface to listen on (default 127.0.0.1). */
  readonly host?: string | undefined;
  /** Port (default 0: a free one). */
  readonly port?: number | undefined;
  /** Real milliseconds between polls of the master (default 1000). */
  readonly pollMs?: number | undefined;
  /** How many of the best checkpoints to list (default 5). */
  readonly topCheckpoints?: number | undefined;
}

/** A running dashboard. */
export interface Dashboard {
  /** e.g. `http://127.0.0.1:8000` */
  readonly url: string;
  /** Ends the event streams, stops polling and closes the server (idempotent). */
  close(): Promise<void>;
}

function handle(req: IncomingMessage, res: ServerResponse, context: RouteContext): void {
  route(req, res, context).catch((error: unknown) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const { status, message } = describeFailure(error);
    sendJson(res, status, { error: message });
  });
}

/** Starts the dashboard server. */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const hub = new FeedHub({
    det: options.det,
    pollMs: options.pollMs ?? 1000,
    topCheckpoints: options.topCheckpoints ?? 5,
  });
  const streams = new Set<() => void>();
  const context: RouteContext = {
    det: options.det,
    hub,
    publicDir: options.publicDir,
    trackStream: (close) => {
      streams.add(close);
      return () => streams.delete(close);
    },
  };
  const server = createServer((req, res) => handle(req, res, context));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | null = null;
  const close = async () => {
    for (const end of [...streams]) end();
    await hub.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
