import { InvalidArgumentError } from '../../core/errors';
import { resetDeprecationWarnings } from '../../lib/deprecation';
import { OrderBy, TrialSortBy, TrialState } from '../../lib/enums';
import { pagedReply, trialsFixture, useHarness } from '../../testing/domain-fixtures';
import { Experiment } from './experiment';

const serve = useHarness();
const TRIALS = '/api/v1/experiments/1/trials';

function pagedTrials(maxPageSize: number) {
  return { method: 'GET', path: TRIALS, reply: pagedReply('trials', trialsFixture(), { maxPageSize }) };
}

describe('Experiment trial listings (recorded fixtures)', () => {
  it('scenario 15: iterTrials({ limit: 2 }) yields all 5 trials', async () => {
    const { session } = await serve([pagedTrials(2)]);
    const ids: number[] = [];
    for await (const trial of new Experiment(1, session).iterTrials({ limit: 2 })) ids.push(trial.id);
    expect(ids).toEqual(trialsFixture().map((t) => t.id));
    expect(ids).toHaveLength(5);
  });

  it('scenario 16: iterTrials({ limit: 2 }) fetches pages lazily: ceil((i+1)/2) requests after item i, 3 in total', async () => {
    const { server, session } = await serve([pagedTrials(2)]);
    const counts: number[] = [];
    for await (const _trial of new Experiment(1, session).iterTrials({ limit: 2 })) {
      counts.push(server.requestsTo('GET', TRIALS).length);
    }
    expect(counts).toEqual([1, 1, 2, 2, 3]);
    expect(server.requestsTo('GET', TRIALS)).toHaveLength(3);
    expect(server.requestsTo('GET', TRIALS).map((r) => r.query)).toEqual(
      [0, 2, 4].map((offset) => ({
        offset: [String(offset)],
        limit: ['2'],
        orderBy: ['ORDER_BY_ASC'],
        sortBy: ['SORT_BY_ID'],
      })),
    );
  });

  it('iterTrials sends nothing and validates nothing before iteration starts', async () => {
    const { server, session } = await serve([pagedTrials(2)]);
    const experiment = new Experiment(1, session);
    const trials = experiment.iterTrials({ sortBy: 'SORT_BY_NOPE' as TrialSortBy });
    experiment.iterTrials();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.requests).toHaveLength(0);
    await expect(trials.next()).rejects.toThrow(InvalidArgumentError);
    expect(server.requests).toHaveLength(0);
  });

  it('listTrials drains every page without a limit and hydrates each trial', async () => {
    const { server, session } = await serve([pagedTrials(3)]);
    const trials = await new Experiment(1, session).listTrials({
      sortBy: TrialSortBy.START_TIME,
      orderBy: OrderBy.DESCENDING,
    });
    expect(trials).toHaveLength(5);
    expect(trials[0]?.state).toBe(TrialState.COMPLETED);
    expect(trials[0]?.experimentId).toBe(1);
    expect(trials[0]?.hparams).toEqual(trialsFixture()[0]?.hparams);
    expect(server.requestsTo('GET', TRIALS).map((r) => r.query)).toEqual([
      { offset: ['0'], orderBy: ['ORDER_BY_DESC'], sortBy: ['SORT_BY_START_TIME'] },
      { offset: ['3'], orderBy: ['ORDER_BY_DESC'], sortBy: ['SORT_BY_START_TIME'] },
    ]);
  });

  it('getTrials is the deprecated listTrials and warns once', async () => {
    resetDeprecationWarnings();
    const { session, logged } = await serve([pagedTrials(5)]);
    const experiment = new Experiment(1, session);
    expect(await experiment.getTrials()).toHaveLength(5);
    expect(await experiment.getTrials()).toHaveLength(5);
    expect(logged.warn.filter((m) => m.includes('Experiment.getTrials()'))).toHaveLength(1);
  });
});
