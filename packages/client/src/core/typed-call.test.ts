import { type Route, startRecordingServer } from '../testing/recording-server';
import { createTestSession } from '../testing/test-session';
import { ValidationError } from './errors';
import { operationPath } from './typed-call';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function serverWith(...routes: Route[]) {
  const server = await startRecordingServer(routes);
  cleanups.push(() => server.close());
  return { server, session: createTestSession({ master: server.url }) };
}

const pageOfModels = {
  models: [],
  pagination: { offset: 0, limit: 0, startIndex: 0, endIndex: 0, total: 0 },
};

describe('the typed call keyed by operationId', () => {
  it('takes method and path template from the operation table and fills quoted path parameters', async () => {
    const { server, session } = await serverWith({
      method: 'PUT',
      path: /^\/api\/v1\/experiments\/7\/labels\//,
      reply: { json: { labels: ['a b/c'] } },
    });
    const answer = await session.call('PutExperimentLabel', { path: { experimentId: 7, label: 'a b/c' } });
    expect(answer.labels).toEqual(['a b/c']);
    expect(server.requests[0]).toMatchObject({ method: 'PUT', path: '/api/v1/experiments/7/labels/a b/c' });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer token');
  });

  it('serializes the query as the Python SDK does: lists repeated, unset values left out', async () => {
    const { server, session } = await serverWith({
      method: 'GET',
      path: '/api/v1/models',
      reply: { json: pageOfModels },
    });
    await session.call('GetModels', {
      query: { sortBy: 'SORT_BY_NAME', labels: ['x', 'y z'], name: undefined, archived: false },
    });
    expect(server.requests[0]?.search).toBe('sortBy=SORT_BY_NAME&labels=x&labels=y+z&archived=false');
  });

  it('sends the body as JSON and resolves to the validated answer', async () => {
    const { server, session } = await serverWith({
      method: 'POST',
      path: '/api/v1/checkpoints/rm',
      reply: { json: {} },
    });
    await session.call('CheckpointsRemoveFiles', {
      body: { checkpointGlobs: ['*.pt'], checkpointUuids: ['u-1'] },
    });
    expect(server.requests[0]?.body).toEqual({ checkpointGlobs: ['*.pt'], checkpointUuids: ['u-1'] });
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it("validates the answer against the operation table's response schema", async () => {
    const { session } = await serverWith({
      method: 'GET',
      path: '/api/v1/model/labels',
      reply: { json: { labels: 'not a list' } },
    });
    const failure = await session.call('GetModelLabels').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationError);
    expect(String(failure)).toContain('v1GetModelLabelsResponse');
  });

  it("streams an NDJSON operation, yielding each line's result", async () => {
    const { server, session } = await serverWith({
      method: 'GET',
      path: '/api/v1/trials/metrics/training_metrics',
      reply: { ndjson: [{ metrics: [] }, { metrics: [] }] },
    });
    const lines: unknown[] = [];
    for await (const line of session.stream('GetTrainingMetrics', { query: { trialIds: [1, 2] } })) {
      lines.push(line);
    }
    expect(lines).toEqual([{ metrics: [] }, { metrics: [] }]);
    expect(server.requests[0]?.query).toEqual({ trialIds: ['1', '2'] });
  });

  it('hands back the unread body of a download operation', async () => {
    const { server, session } = await serverWith({
      method: 'GET',
      path: '/experiments/3/file/download',
      reply: { text: 'print("hi")\n', headers: { 'content-type': 'text/plain; charset=utf-8' } },
    });
    const answer = await session.download('get-experiment-model-file', {
      path: { experiment_id: 3 },
      query: { path: 'model def.py' },
    });
    const chunks: Buffer[] = [];
    for await (const chunk of answer.body) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).toString()).toBe('print("hi")\n');
    expect(server.requests[0]?.search).toBe('path=model+def.py');
  });

  it('names the request path of an operation for messages', () => {
    expect(operationPath('GetWorkspaces')).toBe('/api/v1/workspaces');
    expect(operationPath('GetModel', { path: { modelName: 'a b' } })).toBe('/api/v1/models/a%20b');
  });
});
