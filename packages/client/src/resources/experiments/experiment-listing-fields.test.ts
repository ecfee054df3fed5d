import type { components } from '@determined-ts/bindings';
import { collect } from '../../core/collect';
import { InvalidArgumentError } from '../../core/errors';
import { experimentFixture, loadFixture, pagedReply, useHarness } from '../../testing/domain-fixtures';
import { Experiment } from './experiment';
import { getExperiment, iterExperiments, listExperiments } from './list-experiments';

type Schemas = components['schemas'];
const serve = useHarness();
const EXPERIMENT = '/api/v1/experiments/1';
const EXPERIMENTS = '/api/v1/experiments';

const LISTING_ATTRIBUTES = [
  'username',
  'searcherMetric',
  'smallerIsBetter',
  'bestTrialId',
  'bestTrialSearcherMetric',
  'numTrials',
  'startTime',
  'endTime',
] as const;

function recordedExperiments(): Schemas['v1Experiment'][] {
  return loadFixture<Schemas['v1GetExperimentsResponse']>('experiments.json').experiments;
}

function answering(experiment: Schemas['v1Experiment']) {
  return { method: 'GET', path: EXPERIMENT, reply: { json: { experiment } } };
}

describe('Experiment listing attributes (recorded fixtures)', () => {
  it('are null on an experiment not loaded yet, and read-only', async () => {
    const { session } = await serve([]);
    const experiment = new Experiment(1, session);
    for (const attribute of LISTING_ATTRIBUTES) {
      expect(experiment[attribute]).toBeNull();
      expect(Reflect.set(experiment, attribute, 1)).toBe(false);
      expect(experiment[attribute]).toBeNull();
    }
  });

  it('getExperiment hydrates them from the recorded experiment: owner, metric and direction from the config, whole-second times', async () => {
    const { session } = await serve([answering(experimentFixture())]);
    const experiment = await getExperiment(session, 1);
    expect({
      username: experiment.username,
      searcherMetric: experiment.searcherMetric,
      smallerIsBetter: experiment.smallerIsBetter,
      bestTrialId: experiment.bestTrialId,
      bestTrialSearcherMetric: experiment.bestTrialSearcherMetric,
      numTrials: experiment.numTrials,
      startTime: experiment.startTime,
      endTime: experiment.endTime,
    }).toEqual({
      username: 'determined',
      searcherMetric: 'loss',
      smallerIsBetter: true,
      bestTrialId: null,
      bestTrialSearcherMetric: null,
      numTrials: 0,
      startTime: new Date('2022-08-22T17:15:15Z'),
      endTime: new Date('2022-11-07T18:51:29Z'),
    });
  });

  it('listExperiments and iterExperiments hydrate every recorded experiment of a paged listing', async () => {
    const recorded = recordedExperiments();
    const { session } = await serve([
      { method: 'GET', path: EXPERIMENTS, reply: pagedReply('experiments', recorded, { maxPageSize: 3 }) },
    ]);
    const listed = await listExperiments(session);
    const iterated = await collect(iterExperiments(session, { limit: 4 }));
    for (const experiments of [listed, iterated]) {
      expect(experiments.map((e) => [e.id, e.username, e.numTrials, e.searcherMetric])).toEqual(
        recorded.map((raw) => [raw.id, raw.username, 1, (raw.config.searcher as { metric: string }).metric]),
      );
      expect(experiments.map((e) => e.startTime?.toISOString())).toEqual(
        recorded.map((raw) => `${raw.startTime.slice(0, 19)}.000Z`),
      );
      expect(experiments.every((e) => e.smallerIsBetter === true && e.bestTrialId === null)).toBe(true);
    }
    expect(iterated[0]?.endTime).toEqual(new Date('2023-07-13T18:38:20Z'));
  });

  it('iterExperiments sends limit as the page size and fetches the next page only when asked', async () => {
    const { server, session } = await serve([
      { method: 'GET', path: EXPERIMENTS, reply: pagedReply('experiments', recordedExperiments()) },
    ]);
    const firstFive: number[] = [];
    for await (const experiment of iterExperiments(session, { limit: 4 })) {
      firstFive.push(experiment.id);
      if (firstFive.length === 5) break;
    }
    expect(firstFive).toEqual([1, 2, 3, 4, 5]);
    expect(server.requestsTo('GET', EXPERIMENTS).map((r) => [r.query.offset, r.query.limit])).toEqual([
      [['0'], ['4']],
      [['4'], ['4']],
    ]);
  });

  it.each([0, -1, 2.5, Number.NaN])(
    'rejects a limit of %s with InvalidArgumentError before any request',
    async (limit) => {
      const { server, session } = await serve([]);
      await expect(listExperiments(session, { limit })).rejects.toThrow(InvalidArgumentError);
      await expect(collect(iterExperiments(session, { limit }))).rejects.toThrow(
        'limit must be a positive integer',
      );
      expect(server.requests).toHaveLength(0);
    },
  );

  it("takes the master's searcherMetric, best trial and its value, and the searcher's direction", async () => {
    const config = {
      ...experimentFixture().config,
      searcher: { name: 'random', metric: 'accuracy', smaller_is_better: false },
    };
    const raw = experimentFixture({
      config,
      searcherMetric: 'validation_accuracy',
      bestTrialId: 7,
      bestTrialSearcherMetric: 0.93,
      numTrials: 4,
      endTime: null,
    });
    const { session } = await serve([answering(raw)]);
    const experiment = await getExperiment(session, 1);
    expect(experiment).toMatchObject({
      searcherMetric: 'validation_accuracy',
      smallerIsBetter: false,
      bestTrialId: 7,
      bestTrialSearcherMetric: 0.93,
      numTrials: 4,
      endTime: null,
    });
  });

  it('reads a best trial ID of 0 as no best trial, and drops the value sent with it', async () => {
    const { session } = await serve([
      answering(experimentFixture({ bestTrialId: 0, bestTrialSearcherMetric: 0 })),
    ]);
    const experiment = await getExperiment(session, 1);
    expect([experiment.bestTrialId, experiment.bestTrialSearcherMetric]).toEqual([null, null]);
  });

  it('gives null for what the master does not send, without a searcher config too (not a crash)', async () => {
    // Answers are validated only with a warning by default, so required fields can be missing here.
    const raw: Record<string, unknown> = { ...experimentFixture(), config: {}, searcherMetric: '' };
    for (const field of ['username', 'numTrials', 'startTime', 'endTime']) delete raw[field];
    const { session } = await serve([]);
    const experiment = Experiment.fromApi(raw as Schemas['v1Experiment'], session);
    for (const attribute of LISTING_ATTRIBUTES) expect(experiment[attribute]).toBeNull();
    expect(experiment.name).toBe('gan_mnist_pytorch_const');
  });

  it('reload refreshes them, and a malformed startTime rejects with InvalidArgumentError, keeping every attribute', async () => {
    const first = experimentFixture({ numTrials: 2, bestTrialId: 3, bestTrialSearcherMetric: 0.5 });
    const malformed = experimentFixture({ name: 'renamed', numTrials: 5, startTime: 'yesterday' });
    const { session } = await serve([
      {
        method: 'GET',
        path: EXPERIMENT,
        reply: [{ json: { experiment: first } }, { json: { experiment: malformed } }],
      },
    ]);
    const experiment = new Experiment(1, session);
    await experiment.reload();
    expect([experiment.numTrials, experiment.bestTrialId, experiment.bestTrialSearcherMetric]).toEqual([
      2, 3, 0.5,
    ]);
    await expect(experiment.reload()).rejects.toThrow("Invalid timestamp 'yesterday'");
    expect([experiment.name, experiment.numTrials]).toEqual(['gan_mnist_pytorch_const', 2]);
    expect(experiment.startTime).toEqual(new Date('2022-08-22T17:15:15Z'));
  });
});
