import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { components } from '@determined-ts/bindings';

import { BadRequestError, InternalServerError, NotFoundError } from './core/errors';
import { createLogger } from './core/logger';
import { Determined } from './determined';
import { ExperimentSortBy, ExperimentState, OrderBy } from './lib/enums';
import { errorReply, loadFixture, pagedReply } from './testing/domain-fixtures';
import { type RecordingServer, type Route, startRecordingServer } from './testing/recording-server';

type Schemas = components['schemas'];

const MODEL_PATH = '/api/v1/models/test_model';
const silent = createLogger({ env: { DET_TS_LOG: 'silent' } });

describe('Determined against recorded fixtures (upstream test_determined.py)', () => {
  let server: RecordingServer;
  let configDir: string;
  let det: Determined;

  async function start(routes: Route[]): Promise<void> {
    server = await startRecordingServer(routes);
    // "Built with login mocked": an explicit token for user `username`, fast retries.
    det = new Determined({
      master: server.url,
      user: 'username',
      token: 'token',
      configDir,
      env: {},
      retry: { backoffBaseMs: 1, jitter: 0 },
      validate: 'strict',
      logger: silent,
    });
  }

  beforeEach(async () => {
    configDir = await mkdtemp(path.join(tmpdir(), 'det-determined-'));
  });

  afterEach(async () => {
    await det.close();
    await server.close();
    await rm(configDir, { recursive: true, force: true });
  });

  const model = () => ({ json: loadFixture<Schemas['v1GetModelResponse']>('model.json') });

  it('scenario 1: getModel succeeds after exactly 3 requests when the master answers 504, 504, then 200', async () => {
    await start([{ method: 'GET', path: MODEL_PATH, reply: [{ status: 504 }, { status: 504 }, model()] }]);
    const found = await det.getModel('test_model');
    expect(found.name).toBe('test_model');
    expect(server.requestsTo('GET', MODEL_PATH)).toHaveLength(3);
    expect(server.requests.every((r) => r.headers.authorization === 'Bearer token')).toBe(true);
  });

  it('scenario 2: getModel gives up after exactly 6 requests (5 retries) when the master always answers 504', async () => {
    await start([{ method: 'GET', path: MODEL_PATH, reply: { status: 504 } }]);
    await expect(det.getModel('test_model')).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requestsTo('GET', MODEL_PATH)).toHaveLength(6);
  });

  it('scenario 3: exhausted retries on 504 surface as the status error (InternalServerError, status 504)', async () => {
    await start([{ method: 'GET', path: MODEL_PATH, reply: { status: 504 } }]);
    await expect(det.getModel('test_model')).rejects.toMatchObject({
      name: 'InternalServerError',
      status: 504,
      method: 'GET',
      path: MODEL_PATH,
    });
  });

  it('scenario 4: createModel sends exactly 1 request when POST /api/v1/models answers 504 (POST is never retried)', async () => {
    await start([{ method: 'POST', path: '/api/v1/models', reply: { status: 504 } }]);
    // The 504 may come after the master made the model: the SDK looks it up rather than re-send.
    await expect(det.createModel('test_model')).rejects.toMatchObject({
      name: 'AmbiguousOutcomeError',
      cause: { status: 504 },
    });
    expect(server.requestsTo('POST', '/api/v1/models')).toHaveLength(1);
  });

  it.each([502, 503, 504])(
    'scenario 5: getModel makes 6 requests and then fails when the master always answers %i',
    async (status) => {
      await start([{ method: 'GET', path: MODEL_PATH, reply: { status } }]);
      await expect(det.getModel('test_model')).rejects.toMatchObject({ status });
      expect(server.requestsTo('GET', MODEL_PATH)).toHaveLength(6);
    },
  );

  it.each([
    [400, BadRequestError],
    [404, NotFoundError],
    [500, InternalServerError],
  ])(
    'scenario 6: getModel fails after exactly 1 request on HTTP %i (not retried)',
    async (status, ErrorClass) => {
      await start([{ method: 'GET', path: MODEL_PATH, reply: errorReply(status) }]);
      await expect(det.getModel('test_model')).rejects.toBeInstanceOf(ErrorClass);
      expect(server.requestsTo('GET', MODEL_PATH)).toHaveLength(1);
    },
  );

  it('scenario 7: getTrial(1) returns a trial with summaryMetrics and state populated', async () => {
    const trial = loadFixture<Schemas['v1GetTrialResponse']>('trial.json');
    await start([{ method: 'GET', path: '/api/v1/trials/1', reply: { json: trial } }]);
    const got = await det.getTrial(1);
    expect(got.summaryMetrics).not.toBeNull();
    expect(got.summaryMetrics).toEqual(trial.trial.summaryMetrics);
    expect(got.state).toBe(trial.trial.state);
  });

  it('scenario 8: listExperiments sends every filter as the upstream request does', async () => {
    const experiments = loadFixture<Schemas['v1GetExperimentsResponse']>('experiments.json').experiments;
    await start([
      { method: 'GET', path: '/api/v1/experiments', reply: pagedReply('experiments', experiments) },
    ]);
    const ids = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    await det.listExperiments({
      sortBy: ExperimentSortBy.ID,
      orderBy: OrderBy.ASCENDING,
      experimentIds: ids,
      labels: ['label1', 'label2'],
      users: ['user1', 'user2'],
      states: [ExperimentState.COMPLETED, ExperimentState.ACTIVE],
      name: 'exp name',
      projectId: 1,
    });
    const [request] = server.requestsTo('GET', '/api/v1/experiments');
    expect(request?.query).toEqual({
      sortBy: ['SORT_BY_ID'],
      orderBy: ['ORDER_BY_ASC'],
      'experimentIdFilter.incl': ids.map(String),
      labels: ['label1', 'label2'],
      users: ['user1', 'user2'],
      states: ['STATE_COMPLETED', 'STATE_ACTIVE'],
      name: ['exp name'],
      projectId: ['1'],
      offset: ['0'],
    });
    expect(request?.search).toContain('name=exp+name');
  });

  it('scenario 9: listExperiments returns all 10 experiments, in server order, when served in pages of 2', async () => {
    const experiments = loadFixture<Schemas['v1GetExperimentsResponse']>('experiments.json').experiments;
    await start([
      {
        method: 'GET',
        path: '/api/v1/experiments',
        reply: pagedReply('experiments', experiments, { maxPageSize: 2 }),
      },
    ]);
    const listed = await det.listExperiments();
    expect(listed.map((e) => e.id)).toEqual(experiments.map((e) => e.id));
    expect(listed).toHaveLength(10);
    expect(server.requestsTo('GET', '/api/v1/experiments').map((r) => r.query.offset)).toEqual([
      ['0'],
      ['2'],
      ['4'],
      ['6'],
      ['8'],
    ]);
  });
});
