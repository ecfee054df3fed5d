import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request as the test server saw it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** Every query key with all its values, in order (`trialIds=1&trialIds=2` → `['1', '2']`). */
  readonly query: Readonly<Record<string, string[]>>;
  /** The raw query string, without `?`. */
  readonly search: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly bodyText: string;
  /** The body parsed as JSON, or `undefined` when empty or not JSON. */
  readonly body: unknown;
}

/** What a route answers: JSON, NDJSON lines, or raw text/bytes. */
export interface Reply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  /** Each item becomes one `{"result": item}` line unless it already has `result`/`error`. */
  readonly ndjson?: readonly unknown[];
  readonly text?: string | Buffer;
}

/** A route: exact method and path (or path regexp), answering from a reply, a list, or a function. */
export interface Route {
  readonly method: string;
  readonly path: string | RegExp;
  /** A list is answered in order; its last entry repeats. */
  readonly reply: Reply | readonly Reply[] | ((request: RecordedRequest) => Reply);
}

/** A local HTTP server that records every request and answers from routes (404 otherwise). */
export interface RecordingServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Requests to one method and path. */
  requestsTo(method: string, path: string): RecordedRequest[];
  /** Add routes (later routes win over earlier ones for the same request). */
  route(...routes: Route[]): void;
  close(): Promise<void>;
}

function parseQuery(search: string): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(search)) query[key] = [...(query[key] ?? []), value];
  return query;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function ndjsonText(lines: readonly unknown[]): string {
  return lines
    .map((line) => {
      const wrapped =
        typeof line === 'object' && line !== null && ('result' in line || 'error' in line)
          ? line
          : { result: line };
      return `${JSON.stringify(wrapped)}\n`;
    })
    .join('');
}

function send(response: ServerResponse, reply: Reply): void {
  response.statusCode = reply.status ?? 200;
  for (const [name, value] of Object.entries(reply.headers ?? {})) response.setHeader(name, value);
  if (reply.ndjson) {
    response.setHeader('content-type', 'application/json');
    response.end(ndjsonText(reply.ndjson));
  } else if (reply.json !== undefined) {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(reply.json));
  } else {
    response.end(reply.text ?? '');
  }
}

async function record(request: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const bodyText = Buffer.concat(chunks).toString('utf8');
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  return {
    method: request.method ?? 'GET',
    path: decodeURIComponent(url.pathname),
    query: parseQuery(url.search),
    search: url.search.slice(1),
    headers: request.headers,
    bodyText,
    body: parseBody(bodyText),
  };
}

/** Start a recording server on 127.0.0.1 with an ephemeral port. */
export async function startRecordingServer(routes: readonly Route[] = []): Promise<RecordingServer> {
  const table: Route[] = [...routes];
  const served = new Map<Route, number>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    record(request).then(
      (recorded) => {
        requests.push(recorded);
        const route = [...table]
          .reverse()
          .find(
            (r) =>
              r.method === recorded.method &&
              (typeof r.path === 'string' ? r.path === recorded.path : r.path.test(recorded.path)),
          );
        if (!route)
          return send(response, { status: 404, json: { error: 'Not Found', code: 5, message: 'Not Found' } });
        const count = served.get(route) ?? 0;
        served.set(route, count + 1);
        const { reply } = route;
        if (typeof reply === 'function') return send(response, reply(recorded));
        if (Array.isArray(reply)) return send(response, reply[Math.min(count, reply.length - 1)] as Reply);
        return send(response, reply as Reply);
      },
      (error: unknown) => {
        response.statusCode = 500;
        response.end(String(error));
      },
    );
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    requestsTo: (method, path) => requests.filter((r) => r.method === method && r.path === path),
    route: (...more) => {
      table.push(...more);
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
