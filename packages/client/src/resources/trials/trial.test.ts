import type { components } from '@determined-ts/bindings';

import { InvalidArgumentError } from '../../core/errors';
import { resetDeprecationWarnings } from '../../lib/deprecation';
import { CheckpointSortBy, OrderBy, TrialState } from '../../lib/enums';
import {
  checkpointFixture,
  checkpointsFixture,
  experimentFixture,
  fullPage,
  loadFixture,
  pagedReply,
  useHarness,
} from '../../testing/domain-fixtures';
import { Experiment } from '../experiments/experiment';
import { Trial, TrialReference } from './trial';

type Schemas = components['schemas'];
const serve = useHarness();
const CHECKPOINTS = '/api/v1/trials/1/checkpoints';

function trialFixture(): Schemas['trialv1Trial'] {
  return loadFixture<Schemas['v1GetTrialResponse']>('trial.json').trial;
}

function checkpointsRoute(checkpoints = checkpointsFixture()) {
  return {
    method: 'GET',
    path: CHECKPOINTS,
    reply: pagedReply('checkpoints', checkpoints, { maxPageSize: 6 }),
  };
}

describe('Trial (recorded fixtures)', () => {
  it('scenario 31: listCheckpoints({ sortBy: "val_metric", orderBy: ASC }) sends sortByMetric and no states filter', async () => {
    const { server, session } = await serve([checkpointsRoute()]);
    const checkpoints = await new Trial(1, session).listCheckpoints({
      sortBy: 'val_metric',
      orderBy: OrderBy.ASC,
    });
    expect(checkpoints).toHaveLength(10);
    expect(server.requests.map((r) => r.query)).toEqual(
      [0, 6].map((offset) => ({
        offset: [String(offset)],
        orderBy: ['ORDER_BY_ASC'],
        sortByMetric: ['val_metric'],
      })),
    );
  });

  it('scenario 32: listCheckpoints({ sortBy: SEARCHER_METRIC, orderBy: ASC }) sends sortByAttr=SORT_BY_SEARCHER_METRIC', async () => {
    const { server, session } = await serve([checkpointsRoute()]);
    await new Trial(1, session).listCheckpoints({
      sortBy: CheckpointSortBy.SEARCHER_METRIC,
      orderBy: OrderBy.ASC,
    });
    expect(server.requests[0]?.query).toEqual({
      offset: ['0'],
      orderBy: ['ORDER_BY_ASC'],
      sortByAttr: ['SORT_BY_SEARCHER_METRIC'],
    });
  });

  it('iterCheckpoints is lazy and pages like listCheckpoints', async () => {
    const { server, session } = await serve([checkpointsRoute()]);
    const checkpoints = new Trial(1, session).iterCheckpoints({ maxResults: 4 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.requests).toHaveLength(0);
    const uuids = [];
    for await (const checkpoint of checkpoints) uuids.push(checkpoint.uuid);
    expect(uuids).toEqual(
      checkpointsFixture()
        .slice(0, 4)
        .map((c) => c.uuid),
    );
    expect(server.requests.map((r) => r.query)).toEqual([
      { offset: ['0'], limit: ['4'], sortByAttr: ['SORT_BY_SEARCHER_METRIC'] },
    ]);
  });

  it('reload hydrates the recorded trial', async () => {
    const { session } = await serve([
      { method: 'GET', path: '/api/v1/trials/1', reply: { json: { trial: trialFixture() } } },
    ]);
    const trial = new Trial(1, session);
    await trial.reload();
    expect(trial.state).toBe(TrialState.COMPLETED);
    expect(trial.experimentId).toBe(1);
    expect(trial.hparams).toEqual(trialFixture().hparams);
    expect(trial.summaryMetrics).toEqual(trialFixture().summaryMetrics);
  });

  it('getExperiment reloads a trial whose experiment is unknown, then fetches the experiment', async () => {
    const { server, session } = await serve([
      { method: 'GET', path: '/api/v1/trials/1', reply: { json: { trial: trialFixture() } } },
      { method: 'GET', path: '/api/v1/experiments/1', reply: { json: { experiment: experimentFixture() } } },
    ]);
    const experiment = await new Trial(1, session).getExperiment();
    expect(experiment).toBeInstanceOf(Experiment);
    expect(experiment.name).toBe('gan_mnist_pytorch_const');
    expect(server.requests.map((r) => r.path)).toEqual(['/api/v1/trials/1', '/api/v1/experiments/1']);
  });

  it('kill posts to /api/v1/trials/1/kill', async () => {
    const { server, session } = await serve([
      { method: 'POST', path: '/api/v1/trials/1/kill', reply: { json: {} } },
    ]);
    await new Trial(1, session).kill();
    expect(server.requests.map((r) => [r.method, r.path])).toEqual([['POST', '/api/v1/trials/1/kill']]);
  });

  it('topCheckpoint throws "No checkpoints found for criteria." on an empty answer', async () => {
    const { session } = await serve([
      { method: 'GET', path: CHECKPOINTS, reply: fullPage('checkpoints', []) },
    ]);
    await expect(new Trial(1, session).topCheckpoint()).rejects.toThrow('No checkpoints found for criteria.');
  });

  it.each([
    [{ latest: true }, { limit: ['1'], orderBy: ['ORDER_BY_DESC'], sortByAttr: ['SORT_BY_BATCH_NUMBER'] }],
    [{ best: true }, { limit: ['1'], sortByAttr: ['SORT_BY_SEARCHER_METRIC'] }],
    [
      { best: true, sortBy: 'accuracy', smallerIsBetter: false },
      { limit: ['1'], orderBy: ['ORDER_BY_DESC'], sortByMetric: ['accuracy'] },
    ],
    [
      { best: true, sortBy: 'validation_loss', smallerIsBetter: true },
      { limit: ['1'], orderBy: ['ORDER_BY_ASC'], sortByMetric: ['validation_loss'] },
    ],
  ])('selectCheckpoint(%j) lists one checkpoint with %j', async (options, query) => {
    const { server, session } = await serve([checkpointsRoute()]);
    const checkpoint = await new Trial(1, session).selectCheckpoint(options);
    expect(checkpoint.uuid).toBe(checkpointsFixture()[0]?.uuid);
    expect(server.requests.map((r) => r.query)).toEqual([{ offset: ['0'], ...query }]);
  });

  it('selectCheckpoint({ uuid }) fetches that checkpoint', async () => {
    const raw = checkpointFixture();
    const { server, session } = await serve([
      { method: 'GET', path: `/api/v1/checkpoints/${raw.uuid}`, reply: { json: { checkpoint: raw } } },
    ]);
    const checkpoint = await new Trial(1, session).selectCheckpoint({ uuid: raw.uuid });
    expect(checkpoint.uuid).toBe(raw.uuid);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    {},
    { latest: true, best: true },
    { latest: true, uuid: 'u' },
    { best: true, sortBy: 'accuracy' },
    { best: true, smallerIsBetter: true },
    { latest: true, sortBy: 'accuracy', smallerIsBetter: true },
  ])('selectCheckpoint(%j) throws InvalidArgumentError without a request', async (options) => {
    const { server, session } = await serve([checkpointsRoute()]);
    await expect(new Trial(1, session).selectCheckpoint(options)).rejects.toThrow(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
  });

  it('selectCheckpoint() without options throws InvalidArgumentError, not a TypeError, like Python', async () => {
    const { server, session } = await serve([checkpointsRoute()]);
    await expect(new Trial(1, session).selectCheckpoint()).rejects.toThrow(
      new InvalidArgumentError('Exactly one of latest, best, or uuid must be set'),
    );
    expect(server.requests).toHaveLength(0);
  });

  it('getCheckpoints sorts by a metric client-side and does not send it', async () => {
    const checkpoints = checkpointsFixture();
    const { server, session } = await serve([checkpointsRoute(checkpoints)]);
    const sorted = await new Trial(1, session).getCheckpoints({ sortBy: 'accuracy', orderBy: OrderBy.DESC });
    const accuracy = (uuid: string) =>
      checkpoints.find((c) => c.uuid === uuid)?.training.validationMetrics?.avgMetrics.accuracy as number;
    const values = sorted.map((c) => accuracy(c.uuid));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(server.requests.map((r) => r.query)).toEqual([
      { offset: ['0'], orderBy: ['ORDER_BY_DESC'] },
      { offset: ['6'], orderBy: ['ORDER_BY_DESC'] },
    ]);
  });

  it('getCheckpoints with an attribute sortBy sends sortByAttr and keeps the server order', async () => {
    const { server, session } = await serve([checkpointsRoute()]);
    const list = await new Trial(1, session).getCheckpoints({
      sortBy: CheckpointSortBy.UUID,
      orderBy: OrderBy.ASC,
    });
    expect(list.map((c) => c.uuid)).toEqual(checkpointsFixture().map((c) => c.uuid));
    expect(server.requests[0]?.query).toEqual({
      offset: ['0'],
      orderBy: ['ORDER_BY_ASC'],
      sortByAttr: ['SORT_BY_UUID'],
    });
  });

  it('getCheckpoints without arguments orders by the searcher metric (validation_loss, smaller first)', async () => {
    const { session } = await serve([checkpointsRoute()]);
    const sorted = await new Trial(1, session).getCheckpoints();
    const losses = sorted.map((c) => c.training?.validationMetrics.avgMetrics?.validation_loss as number);
    expect(losses).toEqual([...losses].sort((a, b) => a - b));
  });

  it('TrialReference warns once on construction', async () => {
    resetDeprecationWarnings();
    const { session, logged } = await serve([]);
    expect(new TrialReference(5, session)).toBeInstanceOf(Trial);
    new TrialReference(6, session);
    expect(logged.warn.filter((m) => m.includes('TrialReference'))).toHaveLength(1);
  });
});
