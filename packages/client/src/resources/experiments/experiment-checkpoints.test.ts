import { InvalidArgumentError } from '../../core/errors';
import { NoCheckpointsError } from '../../lib/checkpoint-sort';
import { CheckpointSortBy, CheckpointState, OrderBy } from '../../lib/enums';
import { checkpointsFixture, fullPage, pagedReply, useHarness } from '../../testing/domain-fixtures';
import { Experiment } from './experiment';

const serve = useHarness();
const CHECKPOINTS = '/api/v1/experiments/1/checkpoints';

function pagedCheckpoints(checkpoints = checkpointsFixture(), maxPageSize = 4) {
  return { method: 'GET', path: CHECKPOINTS, reply: pagedReply('checkpoints', checkpoints, { maxPageSize }) };
}

/** The recorded checkpoints spread over trials 1..5 (two each, in server order). */
function checkpointsOfFiveTrials() {
  return checkpointsFixture().map((checkpoint, index) => ({
    ...checkpoint,
    training: { ...checkpoint.training, trialId: Math.floor(index / 2) + 1 },
  }));
}

describe('Experiment checkpoint listings (recorded fixtures)', () => {
  it('scenario 24: listCheckpoints({ sortBy: "val_metric", orderBy: ASC }) sends sortByMetric=val_metric', async () => {
    const { server, session } = await serve([pagedCheckpoints()]);
    const checkpoints = await new Experiment(1, session).listCheckpoints({
      sortBy: 'val_metric',
      orderBy: OrderBy.ASC,
    });
    expect(checkpoints).toHaveLength(10);
    expect(server.requestsTo('GET', CHECKPOINTS).map((r) => r.query)).toEqual(
      [0, 4, 8].map((offset) => ({
        offset: [String(offset)],
        orderBy: ['ORDER_BY_ASC'],
        sortByMetric: ['val_metric'],
        states: ['STATE_COMPLETED'],
      })),
    );
  });

  it('scenario 25: listCheckpoints({ sortBy: SEARCHER_METRIC, orderBy: ASC }) sends sortByAttr=SORT_BY_SEARCHER_METRIC', async () => {
    const { server, session } = await serve([pagedCheckpoints(checkpointsFixture(), 100)]);
    await new Experiment(1, session).listCheckpoints({
      sortBy: CheckpointSortBy.SEARCHER_METRIC,
      orderBy: OrderBy.ASC,
    });
    expect(server.requests.map((r) => r.query)).toEqual([
      {
        offset: ['0'],
        orderBy: ['ORDER_BY_ASC'],
        sortByAttr: ['SORT_BY_SEARCHER_METRIC'],
        states: ['STATE_COMPLETED'],
      },
    ]);
  });

  it('scenario 26: listCheckpoints with orderBy but no sortBy throws InvalidArgumentError before any request', async () => {
    const { server, session } = await serve([pagedCheckpoints()]);
    await expect(
      new Experiment(1, session).listCheckpoints({ orderBy: OrderBy.ASC, maxResults: 5 }),
    ).rejects.toThrow(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
  });

  it('scenario 27: listCheckpoints with sortBy but no orderBy throws InvalidArgumentError before any request', async () => {
    const { server, session } = await serve([pagedCheckpoints()]);
    await expect(
      new Experiment(1, session).listCheckpoints({ sortBy: CheckpointSortBy.UUID, maxResults: 5 }),
    ).rejects.toThrow(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
  });

  it('listCheckpoints with maxResults fetches one page of that size; maxResults 0 drains every page', async () => {
    const { server, session } = await serve([pagedCheckpoints()]);
    const experiment = new Experiment(1, session);
    const three = await experiment.listCheckpoints({ maxResults: 3 });
    expect(three.map((c) => c.uuid)).toEqual(
      checkpointsFixture()
        .slice(0, 3)
        .map((c) => c.uuid),
    );
    expect(server.requests.map((r) => r.query)).toEqual([
      { offset: ['0'], limit: ['3'], sortByAttr: ['SORT_BY_SEARCHER_METRIC'], states: ['STATE_COMPLETED'] },
    ]);
    expect(await experiment.listCheckpoints({ maxResults: 0 })).toHaveLength(10);
    expect(server.requests.slice(1).map((r) => r.query.offset)).toEqual([['0'], ['4'], ['8']]);
  });

  it('iterCheckpoints validates and requests nothing before iteration, then fetches pages as they are consumed', async () => {
    const { server, session } = await serve([pagedCheckpoints()]);
    const experiment = new Experiment(1, session);
    const invalid = experiment.iterCheckpoints({ orderBy: OrderBy.ASC });
    const valid = experiment.iterCheckpoints();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.requests).toHaveLength(0);
    await expect(invalid.next()).rejects.toThrow(InvalidArgumentError);
    const counts: number[] = [];
    for await (const _checkpoint of valid) counts.push(server.requests.length);
    expect(counts).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3]);
  });

  it('listCheckpoints hydrates checkpoints with their training metadata', async () => {
    const { session } = await serve([pagedCheckpoints()]);
    const [first] = await new Experiment(1, session).listCheckpoints();
    const raw = checkpointsFixture()[0];
    expect(first?.uuid).toBe(raw?.uuid);
    expect(first?.state).toBe(CheckpointState.COMPLETED);
    expect(first?.training?.trialId).toBe(319);
    expect(first?.training?.experimentId).toBe(324);
    expect(first?.training?.validationMetrics.avgMetrics).toEqual(
      raw?.training.validationMetrics?.avgMetrics,
    );
  });

  it('topCheckpoint() takes the first checkpoint of one page in the master default order', async () => {
    const { server, session } = await serve([pagedCheckpoints()]);
    const best = await new Experiment(1, session).topCheckpoint();
    expect(best.uuid).toBe(checkpointsFixture()[0]?.uuid);
    expect(server.requests.map((r) => r.query)).toEqual([
      { offset: ['0'], limit: ['1'], sortByAttr: ['SORT_BY_SEARCHER_METRIC'], states: ['STATE_COMPLETED'] },
    ]);
  });

  it.each([
    [undefined, 'ORDER_BY_DESC'],
    [false, 'ORDER_BY_DESC'],
    [true, 'ORDER_BY_ASC'],
  ])('topCheckpoint({ sortBy, smallerIsBetter: %s }) asks for %s', async (smallerIsBetter, orderBy) => {
    const { server, session } = await serve([pagedCheckpoints()]);
    await new Experiment(1, session).topCheckpoint({ sortBy: 'accuracy', smallerIsBetter });
    expect(server.requests[0]?.query).toEqual({
      offset: ['0'],
      limit: ['1'],
      orderBy: [orderBy],
      sortByMetric: ['accuracy'],
      states: ['STATE_COMPLETED'],
    });
  });

  it('topCheckpoint and topNCheckpoints throw the same NoCheckpointsError when the experiment has no checkpoints', async () => {
    const { session } = await serve([
      { method: 'GET', path: CHECKPOINTS, reply: fullPage('checkpoints', []) },
    ]);
    const experiment = new Experiment(1, session);
    const top = await experiment.topCheckpoint().catch((error: unknown) => error);
    const topN = await experiment.topNCheckpoints(3).catch((error: unknown) => error);
    expect(top).toBeInstanceOf(NoCheckpointsError);
    expect(topN).toBeInstanceOf(NoCheckpointsError);
    expect((top as NoCheckpointsError).message).toBe('No checkpoints found for experiment 1');
    expect((topN as NoCheckpointsError).message).toBe('No checkpoint found for experiment 1');
    expect((top as NoCheckpointsError).experimentId).toBe(1);
  });

  it('topNCheckpoints drains every COMPLETED page unsorted and keeps the best checkpoint per trial by the searcher metric', async () => {
    const checkpoints = checkpointsOfFiveTrials();
    const { server, session } = await serve([pagedCheckpoints(checkpoints)]);
    const top = await new Experiment(1, session).topNCheckpoints(3);
    // validation_loss, smaller is better: index 9 (trial 5), 0 (trial 1), 3 (trial 2).
    expect(top.map((c) => c.uuid)).toEqual([9, 0, 3].map((i) => checkpoints[i]?.uuid));
    expect(server.requests.map((r) => r.query)).toEqual(
      [0, 4, 8].map((offset) => ({ offset: [String(offset)], states: ['STATE_COMPLETED'] })),
    );
  });

  it('topNCheckpoints with a sortBy metric and no smallerIsBetter orders descending', async () => {
    const checkpoints = checkpointsOfFiveTrials();
    const { session } = await serve([pagedCheckpoints(checkpoints)]);
    const top = await new Experiment(1, session).topNCheckpoints(4, { sortBy: 'accuracy' });
    expect(top.map((c) => c.uuid)).toEqual([9, 3, 0, 4].map((i) => checkpoints[i]?.uuid));
  });

  it('topNCheckpoints puts checkpoints without the metric last', async () => {
    const checkpoints = checkpointsOfFiveTrials();
    const last = checkpoints[9];
    if (last?.training.validationMetrics)
      last.training.validationMetrics.avgMetrics = { validation_loss: 0.01 };
    const { session } = await serve([pagedCheckpoints(checkpoints)]);
    const top = await new Experiment(1, session).topNCheckpoints(10, {
      sortBy: 'accuracy',
      smallerIsBetter: false,
    });
    expect(top.map((c) => c.uuid)).toEqual([3, 0, 8, 4, 6].map((i) => checkpoints[i]?.uuid));
  });
});
