import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { components } from '@determined-ts/bindings';

import { InvalidArgumentError, ValidationError } from './core/errors';
import { createLogger } from './core/logger';
import { Determined } from './determined';
import { resetDeprecationWarnings } from './lib/deprecation';
import { ModelSortBy, OrderBy } from './lib/enums';
import { InvalidExperimentConfigError } from './lib/experiment-config';
import { EnterpriseOnlyError } from './resources/oauth/oauth';
import { checkpointFixture, experimentFixture, fullPage, modelFixture } from './testing/domain-fixtures';
import { type RecordingServer, type Route, startRecordingServer } from './testing/recording-server';

type Schemas = components['schemas'];

describe('Determined methods', () => {
  let server: RecordingServer;
  let dir: string;
  let det: Determined;
  let warnings: string[];

  async function start(routes: Route[]): Promise<void> {
    server = await startRecordingServer(routes);
    warnings = [];
    const logger = createLogger({
      logger: {
        debug: () => undefined,
        info: () => undefined,
        warn: (message) => warnings.push(message),
        error: () => undefined,
      },
    });
    det = new Determined({
      master: server.url,
      user: 'username',
      token: 'token',
      configDir: dir,
      env: {},
      logger,
    });
  }

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'det-methods-'));
    resetDeprecationWarnings();
  });

  afterEach(async () => {
    await det.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const created = (warnings: string[] = []) => ({
    json: { experiment: experimentFixture(), config: {}, warnings },
  });

  it('createExperiment sends the config file text unchanged, the packaged model dir, and activate: true', async () => {
    await start([{ method: 'POST', path: '/api/v1/experiments', reply: created() }]);
    const configPath = path.join(dir, 'const.yaml');
    await writeFile(configPath, '# a comment\nname: mnist\nsearcher:\n  name: single\n');
    const modelDir = path.join(dir, 'model');
    await mkdir(modelDir);
    await writeFile(path.join(modelDir, 'train.py'), 'print(1)\n');
    const experiment = await det.createExperiment(configPath, { modelDir, projectId: 7, template: 'tpl' });
    expect(experiment.id).toBe(1);
    const body = server.requestsTo('POST', '/api/v1/experiments')[0]?.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      'activate',
      'config',
      'modelDefinition',
      'projectId',
      'template',
    ]);
    expect(body).toMatchObject({
      activate: true,
      config: '# a comment\nname: mnist\nsearcher:\n  name: single\n',
      projectId: 7,
      template: 'tpl',
    });
    expect(body.modelDefinition).toEqual([
      expect.objectContaining({
        path: 'train.py',
        type: 48,
        content: Buffer.from('print(1)\n').toString('base64'),
      }),
    ]);
  });

  it('createExperiment without modelDir sends modelDefinition, projectId and template as null, ignoring includes', async () => {
    await start([{ method: 'POST', path: '/api/v1/experiments', reply: created() }]);
    await det.createExperiment({ name: 'x', searcher: { name: 'single' } }, { includes: [dir] });
    const body = server.requests[0]?.body as Record<string, unknown>;
    expect(body).toEqual({
      activate: true,
      config: 'name: x\nsearcher:\n  name: single\n',
      modelDefinition: null,
      projectId: null,
      template: null,
    });
  });

  it('createExperiment({ activate: false }) creates the experiment without starting it', async () => {
    await start([{ method: 'POST', path: '/api/v1/experiments', reply: created() }]);
    await det.createExperiment({ name: 'x' }, { activate: false });
    expect(server.requests[0]?.body).toMatchObject({ activate: false });
  });

  it('createExperiment logs each launch warning, with a generic text for unknown ones', async () => {
    await start([
      {
        method: 'POST',
        path: '/api/v1/experiments',
        reply: created(['LAUNCH_WARNING_CURRENT_SLOTS_EXCEEDED', 'LAUNCH_WARNING_UNSPECIFIED']),
      },
    ]);
    await det.createExperiment({ name: 'x' });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/requires more slots than currently available/);
    expect(warnings[1]).toMatch(/LAUNCH_WARNING_UNSPECIFIED/);
  });

  it('createExperiment rejects invalid YAML and non-config arguments before any request', async () => {
    await start([]);
    const bad = path.join(dir, 'bad.yaml');
    await writeFile(bad, 'a: [1, 2\n');
    await expect(det.createExperiment(bad)).rejects.toBeInstanceOf(InvalidExperimentConfigError);
    // @ts-expect-error a number is neither a path nor a config object
    await expect(det.createExperiment(42)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
  });

  it('createModel sends every field, unset ones as null and the description as ""', async () => {
    const reply = { json: { model: modelFixture() } };
    await start([{ method: 'POST', path: '/api/v1/models', reply }]);
    await det.createModel('m');
    await det.createModel('m', { description: 'd', metadata: { a: 1 }, labels: ['x'], workspaceName: 'ws' });
    expect(server.requests.map((r) => r.body)).toEqual([
      { name: 'm', description: '', labels: null, metadata: null, notes: null, workspaceName: null },
      { name: 'm', description: 'd', labels: ['x'], metadata: { a: 1 }, notes: null, workspaceName: 'ws' },
    ]);
  });

  it('getModel puts a name (keeping "/") or a numeric id in the path; getModelById warns once', async () => {
    const reply = { json: { model: modelFixture() } };
    await start([{ method: 'GET', path: /^\/api\/v1\/models\/.+/, reply }]);
    await det.getModel('team/model a');
    await det.getModelById(150);
    await det.getModelById(150);
    expect(server.requests.map((r) => r.path)).toEqual([
      '/api/v1/models/team/model a',
      '/api/v1/models/150',
      '/api/v1/models/150',
    ]);
    expect(warnings.filter((w) => w.includes('getModelById'))).toHaveLength(1);
  });

  it('listModels always sends sortBy/orderBy and only the given filters; getModels warns', async () => {
    await start([{ method: 'GET', path: '/api/v1/models', reply: fullPage('models', [modelFixture()]) }]);
    const listed = await det.listModels();
    await det.listModels({
      sortBy: ModelSortBy.CREATION_TIME,
      orderBy: OrderBy.DESC,
      name: 'n',
      description: 'd',
      modelId: 3,
      workspaceNames: ['a', 'b'],
      workspaceIds: [1, 2],
    });
    await det.getModels();
    expect(listed[0]?.name).toBe('test_model');
    expect(server.requests.map((r) => r.query)).toEqual([
      { sortBy: ['SORT_BY_NAME'], orderBy: ['ORDER_BY_ASC'], offset: ['0'] },
      {
        sortBy: ['SORT_BY_CREATION_TIME'],
        orderBy: ['ORDER_BY_DESC'],
        name: ['n'],
        description: ['d'],
        id: ['3'],
        workspaceNames: ['a', 'b'],
        workspaceIds: ['1', '2'],
        offset: ['0'],
      },
      { sortBy: ['SORT_BY_NAME'], orderBy: ['ORDER_BY_ASC'], offset: ['0'] },
    ]);
    expect(warnings.some((w) => w.includes('getModels'))).toBe(true);
  });

  it('listModels rejects an invalid sortBy before any request', async () => {
    await start([]);
    // @ts-expect-error not a ModelSortBy value
    await expect(det.listModels({ sortBy: 'SORT_BY_SIZE' })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
  });

  it('getModelLabels reads GET /api/v1/model/labels in server order', async () => {
    await start([{ method: 'GET', path: '/api/v1/model/labels', reply: { json: { labels: ['b', 'a'] } } }]);
    await expect(det.getModelLabels()).resolves.toEqual(['b', 'a']);
  });

  it('getExperiment and getCheckpoint hydrate from the answer', async () => {
    const checkpoint = checkpointFixture();
    await start([
      { method: 'GET', path: '/api/v1/experiments/1', reply: { json: { experiment: experimentFixture() } } },
      { method: 'GET', path: `/api/v1/checkpoints/${checkpoint.uuid}`, reply: { json: { checkpoint } } },
    ]);
    expect((await det.getExperiment(1)).state).toBe('STATE_COMPLETED');
    expect((await det.getCheckpoint(checkpoint.uuid)).uuid).toBe(checkpoint.uuid);
  });

  it('iterTrialsMetrics is lazy and streams trial_metrics with repeated trialIds and the group', async () => {
    const report = {
      trialId: 1,
      trialRunId: 1,
      totalBatches: 10,
      metrics: { validation_metrics: { loss: 0.5 } },
      archived: false,
      id: 5,
      group: 'validation',
      endTime: '2024-01-01T00:00:00Z',
    } satisfies Partial<Schemas['v1MetricsReport']>;
    await start([
      {
        method: 'GET',
        path: '/api/v1/trials/metrics/trial_metrics',
        reply: { ndjson: [{ metrics: [report] }] },
      },
    ]);
    const stream = det.iterTrialsMetrics([1, 2], 'validation');
    expect(server.requests).toHaveLength(0);
    const got = [];
    for await (const m of stream) got.push(m);
    expect(got).toHaveLength(1);
    expect(got[0]?.trialId).toBe(1);
    expect(server.requests[0]?.query).toEqual({ trialIds: ['1', '2'], group: ['validation'] });
  });

  it('the deprecated metric streams warn and call the legacy endpoints', async () => {
    const path1 = '/api/v1/trials/metrics/training_metrics';
    const path2 = '/api/v1/trials/metrics/validation_metrics';
    await start([
      { method: 'GET', path: path1, reply: { ndjson: [] } },
      { method: 'GET', path: path2, reply: { ndjson: [] } },
    ]);
    for await (const _ of det.streamTrialsTrainingMetrics([3])) throw new Error('no items expected');
    for await (const _ of det.streamTrialsValidationMetrics([3])) throw new Error('no items expected');
    expect(server.requests.map((r) => [r.path, r.query])).toEqual([
      [path1, { trialIds: ['3'] }],
      [path2, { trialIds: ['3'] }],
    ]);
    expect(warnings.filter((w) => w.includes('deprecated'))).toHaveLength(2);
  });

  it('the OAuth calls use /oauth2/clients and turn a 404 into EnterpriseOnlyError', async () => {
    await start([
      {
        method: 'GET',
        path: '/oauth2/clients',
        reply: { json: [{ id: 1, name: 'okta', domain: 'a.example' }] },
      },
      { method: 'POST', path: '/oauth2/clients', reply: { json: { id: 2, secret: 's3cr3t' } } },
      { method: 'DELETE', path: '/oauth2/clients/2', reply: { json: {} } },
    ]);
    const [listed] = await det.listOauthClients();
    expect(listed).toMatchObject({ id: '1', name: 'okta', domain: 'a.example', secret: null });
    const added = await det.addOauthClient('b.example', 'azure');
    expect(added).toMatchObject({ id: '2', secret: 's3cr3t', domain: 'b.example', name: 'azure' });
    expect(server.requestsTo('POST', '/oauth2/clients')[0]?.body).toEqual({
      domain: 'b.example',
      name: 'azure',
    });
    await det.removeOauthClient('2');
    await expect(det.removeOauthClient('9')).rejects.toBeInstanceOf(EnterpriseOnlyError);
    await expect(det.removeOauthClient('9')).rejects.toThrow('API not found: oauth2/clients');
  });
  it('listOauthClients() rejects an answer that is not a list of clients with ValidationError', async () => {
    await start([{ method: 'GET', path: '/oauth2/clients', reply: { json: { clients: [] } } }]);
    await expect(det.listOauthClients()).rejects.toBeInstanceOf(ValidationError);
  });
});
