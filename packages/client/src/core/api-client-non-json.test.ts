import type http from 'node:http';
import { type RawServer, startRawServer } from '../testing/raw-server';
import { warningLogger } from '../testing/warning-logger';
import { type ApiClient, createApiClient } from './api-client';
import { InvalidArgumentError, NotFoundError } from './errors';
import { Transport } from './transport';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

// Every byte value, so that a body decoded as text on the way would come out different.
const ARCHIVE = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));

async function startServer(
  reply: (res: http.ServerResponse, url: string) => void,
): Promise<{ server: RawServer; client: ApiClient; logger: ReturnType<typeof warningLogger> }> {
  const server = await startRawServer((_req, res, seen) => reply(res, seen.url));
  const logger = warningLogger();
  const transport = new Transport({ master: server.url, token: () => 't0k', retry: false, logger });
  cleanups.push(async () => {
    await transport.close();
    await server.close();
  });
  return { server, client: createApiClient({ transport }), logger };
}

function sendArchive(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/x-tar' });
  res.end(ARCHIVE);
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const archivePath = '/checkpoints/{checkpoint_uuid}';
const archiveParams = { params: { path: { checkpoint_uuid: 'c0ffee' } } };

describe('det.api and operations that answer something other than JSON', () => {
  it("hands the checkpoint archive over as a ReadableStream of the exact bytes with parseAs: 'stream'", async () => {
    const { server, client, logger } = await startServer(sendArchive);
    const { data, response } = await client.GET(archivePath, {
      ...archiveParams,
      headers: { accept: 'application/x-tar' },
      parseAs: 'stream',
      validate: 'strict',
    });
    if (!data) throw new Error('expected a body');
    expect((await bytesOf(data)).equals(ARCHIVE)).toBe(true);
    expect(response.headers.get('content-type')).toBe('application/x-tar');
    expect(server.requests.map((r) => [r.url, r.headers.accept, r.headers.authorization])).toEqual([
      ['/checkpoints/c0ffee', 'application/x-tar', 'Bearer t0k'],
    ]);
    expect(logger.warnings).toEqual([]);
  });

  it("reads the bytes whole with parseAs: 'arrayBuffer'", async () => {
    const { client } = await startServer(sendArchive);
    const { data } = await client.GET(archivePath, { ...archiveParams, parseAs: 'arrayBuffer' });
    expect(Buffer.from(data ?? new ArrayBuffer(0)).equals(ARCHIVE)).toBe(true);
  });

  it('rejects a non-JSON operation called without parseAs with InvalidArgumentError, before sending', async () => {
    const { server, client } = await startServer(sendArchive);
    const call = client.GET(archivePath, archiveParams);
    await expect(call).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(call).rejects.toThrow(
      "get-checkpoint (GET /checkpoints/{checkpoint_uuid}) answers application/x-tar, application/gzip, application/zip, not JSON: pass parseAs: 'stream'",
    );
    const modelFile = client.GET('/experiments/{experiment_id}/file/download', {
      params: { path: { experiment_id: 1 }, query: { path: 'model.py' } },
    });
    await expect(modelFile).rejects.toThrow(/answers text\/plain; charset=utf-8, not JSON/);
    expect(server.requests).toEqual([]);
  });

  it("reads a text operation with parseAs: 'text'", async () => {
    const { server, client } = await startServer((res) => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('print("héllo")\n');
    });
    const { data } = await client.GET('/experiments/{experiment_id}/file/download', {
      params: { path: { experiment_id: 4 }, query: { path: 'model.py' } },
      parseAs: 'text',
    });
    expect(data).toBe('print("héllo")\n');
    expect(server.requests[0]?.url).toBe('/experiments/4/file/download?path=model.py');
  });

  it('rejects a parseAs openapi-fetch does not know with InvalidArgumentError', async () => {
    const { server, client } = await startServer(sendArchive);
    const init: Record<string, unknown> = { ...archiveParams, parseAs: 'tar' };
    const loose = client.GET as (url: string, init: Record<string, unknown>) => Promise<unknown>;
    await expect(loose(archivePath, init)).rejects.toThrow(
      'parseAs must be one of json, text, blob, arrayBuffer or stream, got tar',
    );
    expect(server.requests).toEqual([]);
  });

  it('hands a JSON operation read as text over unvalidated (there is nothing parsed to check)', async () => {
    const body = '{"agents": [{"brandNew": 1}]}';
    const { client, logger } = await startServer((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    const { data } = await client.GET('/api/v1/agents', { parseAs: 'text', validate: 'strict' });
    expect(data).toBe(body);
    expect(logger.warnings).toEqual([]);
  });

  it('takes signal: undefined as no signal', async () => {
    const { client } = await startServer((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"agents": []}');
    });
    const { data } = await client.GET('/api/v1/agents', { signal: undefined, validate: 'off' });
    expect(data).toEqual({ agents: [] });
  });

  it('rejects a missing archive with NotFoundError naming its path', async () => {
    const { client } = await startServer((res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"message": "checkpoint c0ffee not found"}');
    });
    const call = client.GET(archivePath, { ...archiveParams, parseAs: 'stream' });
    await expect(call).rejects.toBeInstanceOf(NotFoundError);
    await expect(call).rejects.toThrow('/checkpoints/c0ffee');
  });
});
