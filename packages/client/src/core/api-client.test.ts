import { readFileSync } from 'node:fs';
import type http from 'node:http';
import { inspect } from 'node:util';
import { operationTable } from '@determined-ts/bindings';
import { fixturesDir } from '@test-support/vendored';
import { type SeenRequest, startRawServer } from '../testing/raw-server';
import { warningLogger } from '../testing/warning-logger';
import { type ApiClient, createApiClient, type StreamingPath } from './api-client';
import {
  AbortError,
  InternalServerError,
  InvalidArgumentError,
  NotFoundError,
  StreamError,
  ValidationError,
} from './errors';
import { Transport, type TransportOptions } from './transport';

type Seen = SeenRequest;

type Reply = (seen: Seen, index: number, res: http.ServerResponse) => void;

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function startServer(reply: Reply): Promise<{ url: string; requests: Seen[] }> {
  const server = await startRawServer((_req, res, seen, index) => reply(seen, index, res));
  cleanups.push(() => server.close());
  return server;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function clientFor(url: string, options: Partial<TransportOptions> = {}): ApiClient {
  const transport = new Transport({
    master: url,
    token: () => 't0k',
    retry: { backoffBaseMs: 1 },
    logger: warningLogger(),
    ...options,
  });
  cleanups.push(() => transport.close());
  return createApiClient({ transport });
}

const model = {
  name: 'a/b c',
  description: '',
  metadata: {},
  creationTime: '2022-07-01T17:17:26.655793Z',
  lastUpdatedTime: '2022-07-01T17:17:26.655793Z',
  id: 1,
  numVersions: 0,
  labels: [],
  username: 'u',
  workspaceId: 1,
  userId: 1,
  archived: false,
  notes: '',
};

describe('createApiClient', () => {
  it('sends a typed GET with Python-quoted path params through the transport and returns typed data', async () => {
    const server = await startServer((_seen, _i, res) => send(res, 200, { model }));
    const client = clientFor(server.url);
    const { data } = await client.GET('/api/v1/models/{modelName}', {
      params: { path: { modelName: "a/b c!'" } },
    });
    const name: string | undefined = data?.model.name;
    expect(name).toBe('a/b c');
    expect(server.requests[0]?.url).toBe('/api/v1/models/a/b%20c%21%27');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer t0k');
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain('t0k');
  });

  it('serializes query parameters like the Python SDK', async () => {
    const server = await startServer((_seen, _i, res) => send(res, 200, { experiments: [], pagination: {} }));
    const client = clientFor(server.url, { validate: 'off' });
    await client.GET('/api/v1/experiments', {
      params: {
        query: {
          'experimentIdFilter.incl': [1, 2],
          labels: ['x y'],
          showTrialData: false,
          name: '',
          offset: 0,
        },
      },
    });
    expect(server.requests[0]?.url).toBe(
      '/api/v1/experiments?experimentIdFilter.incl=1&experimentIdFilter.incl=2&labels=x+y&showTrialData=false&name=&offset=0',
    );
  });

  it('sends JSON bodies with Content-Type, NaN as a string, and no body when it is empty', async () => {
    const server = await startServer((_seen, _i, res) => send(res, 200, { model }));
    const client = clientFor(server.url);
    await client.POST('/api/v1/models', { body: { name: 'm', metadata: { loss: Number.NaN } } });
    expect(server.requests[0]?.body).toBe('{"name":"m","metadata":{"loss":"NaN"}}');
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
    await client.POST('/api/v1/experiments/{id}/archive', { params: { path: { id: 3 } } });
    expect(server.requests[1]?.body).toBe('');
    expect(server.requests[1]?.headers['content-type']).toBeUndefined();
  });

  it('rejects with the typed APIError instead of resolving to { error }', async () => {
    const server = await startServer((_seen, _i, res) =>
      send(res, 404, { error: 'not found', code: 5, message: 'model x not found' }),
    );
    const client = clientFor(server.url);
    const call = client.GET('/api/v1/models/{modelName}', { params: { path: { modelName: 'x' } } });
    await expect(call).rejects.toBeInstanceOf(NotFoundError);
    await expect(call).rejects.toThrow('GET /api/v1/models/x failed with HTTP 404: model x not found');
  });

  it('retries GETs by default and honours per-call retry options', async () => {
    const server = await startServer((_seen, i, res) =>
      i === 0 || i === 1 || i === 3 ? send(res, 504, {}) : send(res, 200, { model }),
    );
    const client = clientFor(server.url);
    await client.GET('/api/v1/models/{modelName}', { params: { path: { modelName: 'm' } } });
    expect(server.requests).toHaveLength(3);
    const once = client.GET('/api/v1/models/{modelName}', {
      params: { path: { modelName: 'm' } },
      retry: false,
    });
    await expect(once).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(4);
  });

  it('validates responses against the operation schema: warns once, throws in strict mode', async () => {
    const server = await startServer((_seen, _i, res) =>
      send(res, 200, { model: { ...model, brandNew: 1 } }),
    );
    const logger = warningLogger();
    const client = clientFor(server.url, { logger });
    const init = { params: { path: { modelName: 'm' } } };
    await client.GET('/api/v1/models/{modelName}', init);
    await client.GET('/api/v1/models/{modelName}', init);
    expect(logger.warnings).toEqual([
      'response of GetModel (GET /api/v1/models/{modelName}) does not match v1GetModelResponse at model.brandNew: unknown field',
    ]);
    await expect(
      client.GET('/api/v1/models/{modelName}', { ...init, validate: 'strict' }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('aborts a call through its signal', async () => {
    const server = await startServer(() => undefined);
    const client = clientFor(server.url);
    const controller = new AbortController();
    const call = client.GET('/api/v1/me', { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(call).rejects.toBeInstanceOf(AbortError);
  });
});

describe('ApiClient.stream', () => {
  it('covers exactly the 14 streaming operations of the spec', () => {
    const streaming = Object.values(operationTable).filter((op) => op.streaming);
    expect(streaming).toHaveLength(14);
    const typed: StreamingPath[] = streaming.map((op) => op.path as StreamingPath);
    expect(new Set(typed).size).toBe(14);
  });

  it('streams validated results lazily, sending the request on first iteration', async () => {
    const line = { id: '1', timestamp: 't', message: 'hello', level: 'LOG_LEVEL_INFO', trialId: 7 };
    const server = await startServer((_seen, _i, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`${JSON.stringify({ result: line })}\n`);
      res.end(`${JSON.stringify({ result: { ...line, id: '2' } })}\n`);
    });
    const client = clientFor(server.url);
    const logs = client.stream('/api/v1/trials/{trialId}/logs', {
      params: { path: { trialId: 7 }, query: { follow: true, rankIds: [0, 1] } },
    });
    expect(server.requests).toHaveLength(0);
    const ids: string[] = [];
    for await (const log of logs) ids.push(log.id);
    expect(ids).toEqual(['1', '2']);
    expect(server.requests[0]?.url).toBe('/api/v1/trials/7/logs?follow=true&rankIds=0&rankIds=1');
  });

  it('raises StreamError with the operation name for an error line', async () => {
    const server = await startServer((_seen, _i, res) =>
      send(res, 200, '{"error":{"grpcCode":5,"message":"trial 7 not found"}}\n'),
    );
    const client = clientFor(server.url);
    const logs = client.stream('/api/v1/trials/{trialId}/logs', { params: { path: { trialId: 7 } } });
    await expect(
      (async () => {
        for await (const _log of logs) {
          // drain
        }
      })(),
    ).rejects.toThrow(new StreamError('stream error during TrialLogs: trial 7 not found'));
  });

  it('refuses a path that is not a streaming operation', () => {
    const client = clientFor('http://127.0.0.1:9');
    // @ts-expect-error deliberately passing a non-streaming path to check the runtime guard
    expect(() => client.stream('/api/v1/me', { params: {} })).toThrow(InvalidArgumentError);
  });
});

describe('recorded master responses', () => {
  it('validate without warnings: model.json (GetModel) and trial_logs.json (TrialLogs)', async () => {
    const modelBody = readFileSync(`${fixturesDir}/model.json`, 'utf8');
    const logLines = readFileSync(`${fixturesDir}/trial_logs.json`, 'utf8');
    const server = await startServer((seen, _i, res) =>
      send(res, 200, seen.url.startsWith('/api/v1/models') ? modelBody : logLines),
    );
    const logger = warningLogger();
    const client = clientFor(server.url, { logger });
    await client.GET('/api/v1/models/{modelName}', { params: { path: { modelName: 'test_model' } } });
    let count = 0;
    for await (const _log of client.stream('/api/v1/trials/{trialId}/logs', {
      params: { path: { trialId: 308 } },
    }))
      count++;
    expect(count).toBeGreaterThan(0);
    expect(logger.warnings).toEqual([]);
  });
});
