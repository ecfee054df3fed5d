/** The dashboard's HTTP routes: the page, the event streams and checkpoint downloads. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Determined } from '@determined-ts/client';
import { listExperimentSummaries } from '../data/experiment-summary';
import type { FeedListener } from '../data/live-feed';
import type { FeedHub } from './feed-hub';
import { HttpError, sendJson } from './responses';
import { openSse } from './sse';
import { isStaticPath, sendStatic } from './static-files';

/** What the routes need. */
export interface RouteContext {
  readonly det: Determined;
  readonly hub: FeedHub;
  readonly publicDir: string;
  /** Called with each event stream's closer, so that the server can end them on shutdown. */
  readonly trackStream: (close: () => void) => () => void;
}

const MAX_INT32 = 2 ** 31 - 1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function experimentIdOf(text: string): number {
  const id = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!(id >= 1 && id <= MAX_INT32)) throw new HttpError(400, `Invalid experiment id "${text}".`);
  return id;
}

function checkpointUuidOf(text: string): string {
  if (!UUID.test(text)) throw new HttpError(400, `Invalid checkpoint uuid "${text}".`);
  return text.toLowerCase();
}

function streamFeed(
  req: IncomingMessage,
  res: ServerResponse,
  context: RouteContext,
  subscribe: (listener: FeedListener) => () => void,
): void {
  let unsubscribe = (): void => undefined;
  let untrack = (): void => undefined;
  const stream = openSse(res, () => {
    unsubscribe();
    untrack();
  });
  untrack = context.trackStream(() => stream.close());
  unsubscribe = subscribe(({ event, data }) => stream.send(event, data));
  req.on('close', () => stream.close());
}

/**
 * Passes the checkpoint's tar archive on as it arrives, with `X-Expected-Bytes` (what the SDK
 * computes from the checkpoint's files: the master sends no `Content-Length`) for the progress bar.
 */
async function sendArchive(req: IncomingMessage, res: ServerResponse, det: Determined, uuid: string) {
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  const checkpoint = await det.getCheckpoint(uuid, { signal: abort.signal });
  const archive = await checkpoint.openArchive({ format: 'tar', signal: abort.signal });
  res.writeHead(200, {
    'content-type': archive.contentType,
    'content-disposition': `attachment; filename="checkpoint-${uuid}.tar"`,
    ...(archive.expectedBytes === undefined ? {} : { 'x-expected-bytes': String(archive.expectedBytes) }),
    'cache-control': 'no-store',
  });
  if (req.method === 'HEAD') {
    archive.body.destroy();
    res.end();
    return;
  }
  await pipeline(archive.body, res);
}

/** Serves one request; throws `HttpError` (or an SDK error) for the server to answer. */
export async function route(req: IncomingMessage, res: ServerResponse, context: RouteContext): Promise<void> {
  const { pathname } = new URL(req.url ?? '/', 'http://dashboard.invalid');
  if (req.method !== 'GET' && req.method !== 'HEAD')
    throw new HttpError(405, `${req.method} is not allowed.`);
  if (isStaticPath(pathname)) return sendStatic(res, context.publicDir, pathname);
  if (pathname === '/api/experiments') {
    return sendJson(res, 200, { experiments: await listExperimentSummaries(context.det) });
  }
  if (pathname === '/api/experiments/events') {
    return streamFeed(req, res, context, (listener) => context.hub.subscribeList(listener));
  }
  const events = /^\/api\/experiments\/([^/]+)\/events$/.exec(pathname);
  if (events?.[1] !== undefined) {
    const id = experimentIdOf(events[1]);
    // An unknown experiment is a 404 (which also stops the page's EventSource from reconnecting).
    await context.det.getExperiment(id);
    return streamFeed(req, res, context, (listener) => context.hub.subscribeExperiment(id, listener));
  }
  const archive = /^\/api\/checkpoints\/([^/]+)\/archive$/.exec(pathname);
  if (archive?.[1] !== undefined) return sendArchive(req, res, context.det, checkpointUuidOf(archive[1]));
  throw new HttpError(404, `No such page: ${pathname}`);
}
