import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { BadRequestError, InvalidArgumentError, NotFoundError } from '../../core/errors';
import { resetDeprecationWarnings } from '../../lib/deprecation';
import { OrderBy } from '../../lib/enums';
import {
  errorReply,
  fullPage,
  modelFixture,
  modelVersionsFixture,
  pagedReply,
  useHarness,
} from '../../testing/domain-fixtures';
import { createTestSession } from '../../testing/test-session';
import { Model } from './model';
import { ModelVersion } from './model-version';

const serve = useHarness();
const MODEL = '/api/v1/models/test_model';
const VERSIONS = `${MODEL}/versions`;

function versionsRoute(maxPageSize = 2) {
  const extra = { model: modelFixture() };
  return {
    method: 'GET',
    path: VERSIONS,
    reply: pagedReply('modelVersions', modelVersionsFixture(), { maxPageSize, extra }),
  };
}

describe('Model (recorded model.json and model_versions.json)', () => {
  it('hydrates attributes, truncating timestamps to whole seconds', async () => {
    const { session } = await serve([
      { method: 'GET', path: MODEL, reply: { json: { model: modelFixture() } } },
    ]);
    const model = new Model(session, 'test_model');
    expect(model.modelId).toBeNull();
    await model.reload();
    expect(model).toMatchObject({
      modelId: 150,
      name: 'test_model',
      description: '',
      metadata: { abc: '123', def: '456' },
      labels: ['asd', 'const', 'mnist', 'dfsafdsafsafsafsafsafdsa'],
      username: 'det_test_user',
      workspaceId: 1,
      archived: false,
    });
    expect(model.creationTime).toEqual(new Date('2022-07-01T17:17:26Z'));
    expect(model.lastUpdatedTime).toEqual(new Date('2022-09-01T17:30:47Z'));
  });

  it('scenario 37: getVersions() returns all 4 versions served in pages of 2', async () => {
    resetDeprecationWarnings();
    const { server, session, logged } = await serve([versionsRoute(2)]);
    const versions = await Model.fromApi(modelFixture(), session).getVersions();
    expect(versions.map((v) => v.modelVersion)).toEqual([1, 2, 3, 4]);
    expect(versions.every((v) => v instanceof ModelVersion)).toBe(true);
    expect(server.requests.map((r) => r.query)).toEqual([
      { offset: ['0'], orderBy: ['ORDER_BY_DESC'] },
      { offset: ['2'], orderBy: ['ORDER_BY_DESC'] },
    ]);
    expect(logged.warn.filter((m) => m.includes('Model.getVersions()'))).toHaveLength(1);
  });

  it('listVersions sends the requested order and iterVersions is lazy', async () => {
    const { server, session } = await serve([versionsRoute(4)]);
    const model = Model.fromApi(modelFixture(), session);
    const lazy = model.iterVersions();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.requests).toHaveLength(0);
    await model.listVersions({ orderBy: OrderBy.ASC });
    expect(server.requests.map((r) => r.query)).toEqual([{ offset: ['0'], orderBy: ['ORDER_BY_ASC'] }]);
    await lazy.return();
  });

  it.each([
    ['add', { test: 'test' }],
    ['remove', {}],
  ] as const)(
    'scenarios 40-41: a failing %sMetadata throws and leaves the local metadata unchanged',
    async (kind, sent) => {
      const { server, session } = await serve([{ method: 'PATCH', path: MODEL, reply: errorReply(400) }]);
      const model = Model.fromApi(modelFixture(), session);
      model.metadata = kind === 'add' ? {} : { test: 'test' };
      const call = kind === 'add' ? model.addMetadata({ test: 'test' }) : model.removeMetadata(['test']);
      await expect(call).rejects.toThrow(BadRequestError);
      expect(model.metadata).toEqual(kind === 'add' ? {} : { test: 'test' });
      expect(server.requests[0]?.body).toEqual({ metadata: sent });
    },
  );

  it('scenario 42: a failing archive throws and archived stays false', async () => {
    const { session } = await serve([{ method: 'POST', path: `${MODEL}/archive`, reply: errorReply(400) }]);
    const model = Model.fromApi(modelFixture(), session);
    await expect(model.archive()).rejects.toThrow(BadRequestError);
    expect(model.archived).toBe(false);
  });

  it('scenario 43: a failing unarchive throws and archived stays true', async () => {
    const { session } = await serve([{ method: 'POST', path: `${MODEL}/unarchive`, reply: errorReply(400) }]);
    const model = Model.fromApi({ ...modelFixture(), archived: true }, session);
    await expect(model.unarchive()).rejects.toThrow(BadRequestError);
    expect(model.archived).toBe(true);
  });

  it('a failing setLabels or setDescription leaves labels and description unchanged', async () => {
    const { session } = await serve([{ method: 'PATCH', path: MODEL, reply: errorReply(400) }]);
    const model = Model.fromApi(modelFixture(), session);
    await expect(model.setLabels(['new'])).rejects.toThrow(BadRequestError);
    await expect(model.setDescription('new')).rejects.toThrow(BadRequestError);
    expect(model.labels).toEqual(modelFixture().labels);
    expect(model.description).toBe('');
  });

  it('archive, unarchive, metadata, labels and description update local state after success', async () => {
    const { server, session } = await serve([
      { method: 'POST', path: `${MODEL}/archive`, reply: { json: {} } },
      { method: 'POST', path: `${MODEL}/unarchive`, reply: { json: {} } },
      { method: 'PATCH', path: MODEL, reply: { json: { model: modelFixture() } } },
    ]);
    const model = Model.fromApi(modelFixture(), session);
    await model.archive();
    expect(model.archived).toBe(true);
    await model.unarchive();
    expect(model.archived).toBe(false);
    await model.addMetadata({ ghi: 7 });
    await model.removeMetadata(['abc']);
    await model.setLabels(new Set(['x', 'y']));
    await model.setDescription('described');
    await model.moveToWorkspace('other');
    expect(model).toMatchObject({
      metadata: { def: '456', ghi: 7 },
      labels: ['x', 'y'],
      description: 'described',
      workspaceId: 1,
    });
    expect(server.requestsTo('PATCH', MODEL).map((r) => r.body)).toEqual([
      { metadata: { abc: '123', def: '456', ghi: 7 } },
      { metadata: { def: '456', ghi: 7 } },
      { labels: ['x', 'y'] },
      { description: 'described' },
      { workspaceName: 'other' },
    ]);
  });

  it('setLabels takes any iterable of strings (a string becomes its characters) and rejects others before a request', async () => {
    const { server, session } = await serve([
      { method: 'PATCH', path: MODEL, reply: { json: { model: modelFixture() } } },
    ]);
    const model = Model.fromApi(modelFixture(), session);
    await model.setLabels('ab');
    expect(model.labels).toEqual(['a', 'b']);
    await expect(model.setLabels(5 as unknown as string[])).rejects.toThrow(InvalidArgumentError);
    await expect(model.removeMetadata([1] as unknown as string[])).rejects.toThrow(InvalidArgumentError);
    expect(server.requests).toHaveLength(1);
  });

  it('getVersion() asks for the single latest version by number', async () => {
    const latest = modelVersionsFixture()[3];
    const { server, session } = await serve([
      {
        method: 'GET',
        path: VERSIONS,
        reply: fullPage('modelVersions', [latest], { model: modelFixture() }),
      },
    ]);
    const version = await new Model(session, 'test_model').getVersion();
    expect(version?.modelVersion).toBe(4);
    expect(version?.name).toBe('Super long strings are broken');
    expect(server.requests[0]?.query).toEqual({
      limit: ['1'],
      sortBy: ['SORT_BY_VERSION'],
      orderBy: ['ORDER_BY_DESC'],
    });
  });

  it('getVersion() is null for a model without versions; getVersion({ version }) fetches that version or 404s', async () => {
    const versionTwo = modelVersionsFixture()[1];
    const { session } = await serve([
      { method: 'GET', path: VERSIONS, reply: fullPage('modelVersions', [], { model: modelFixture() }) },
      { method: 'GET', path: `${VERSIONS}/2`, reply: { json: { modelVersion: versionTwo } } },
      { method: 'GET', path: `${VERSIONS}/9`, reply: { status: 404, json: { message: 'not found' } } },
    ]);
    const model = new Model(session, 'test_model');
    await expect(model.getVersion({ version: -1 })).resolves.toBeNull();
    await expect(model.getVersion({ version: 2 })).resolves.toMatchObject({ modelVersion: 2, modelId: 150 });
    await expect(model.getVersion({ version: 9 })).rejects.toThrow(NotFoundError);
  });

  it('registerVersion posts the checkpoint UUID and model name and returns the new version', async () => {
    const created = modelVersionsFixture()[0];
    const { server, session } = await serve([
      { method: 'POST', path: VERSIONS, reply: { json: { modelVersion: created } } },
    ]);
    const version = await new Model(session, 'test_model').registerVersion(
      'c6b546a2-7374-4a8f-b932-e728af7430a0',
    );
    expect(server.requests[0]?.body).toEqual({
      checkpointUuid: 'c6b546a2-7374-4a8f-b932-e728af7430a0',
      modelName: 'test_model',
    });
    expect(version.checkpoint?.uuid).toBe('c6b546a2-7374-4a8f-b932-e728af7430a0');
  });

  it('escapes model names in paths like Python quote, keeping "/"', async () => {
    const urls: string[] = [];
    const server = createServer((request, response) => {
      urls.push(request.url ?? '');
      response.setHeader('content-type', 'application/json');
      response.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const session = createTestSession({ master: `http://127.0.0.1:${port}` });
      await new Model(session, "team/my model (v1)!*'~").delete();
      expect(urls).toEqual(['/api/v1/models/team/my%20model%20%28v1%29%21%2A%27~']);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
