import { InvalidArgumentError } from '../core/errors';
import {
  legacyTrialCheckpointsQuery,
  listCheckpointsQuery,
  NoCheckpointsError,
  type SortableCheckpoint,
  sortTrialCheckpoints,
  topNCheckpoints,
} from './checkpoint-sort';
import { CheckpointSortBy, OrderBy } from './enums';

interface Ckpt extends SortableCheckpoint {
  uuid: string;
}

function ckpt(
  uuid: string,
  trialId: number,
  metrics: Record<string, unknown> | null,
  searcher: Record<string, unknown> = { metric: 'loss' },
): Ckpt {
  return {
    uuid,
    training: {
      trialId,
      experimentConfig: { searcher },
      validationMetrics: metrics === null ? {} : { avgMetrics: metrics },
    },
  };
}

const uuids = (list: readonly Ckpt[]): string[] => list.map((c) => c.uuid);

describe('topNCheckpoints', () => {
  const server = [
    ckpt('a', 1, { loss: 0.5, acc: 0.7 }),
    ckpt('b', 2, null),
    ckpt('c', 2, { loss: 0.2, acc: 0.9 }),
    ckpt('d', 3, { loss: 0.2, acc: 0.9 }),
    ckpt('e', 1, { loss: 0.1, acc: 0.95 }),
    ckpt('f', 4, { acc: 0.1 }),
    ckpt('g', 5, { loss: null }),
  ];

  it("defaults to the searcher metric, ascending, keeping each trial's best", () => {
    expect(uuids(topNCheckpoints(server, { limit: 10 }))).toEqual(['e', 'c', 'd', 'f', 'g']);
  });

  it('keeps server order for ties and puts missing metrics last in server order', () => {
    const all = topNCheckpoints(server, { limit: 10, sortBy: 'loss', smallerIsBetter: true });
    expect(uuids(all)).toEqual(['e', 'c', 'd', 'f', 'g']);
  });

  it('treats a sortBy without smallerIsBetter as descending', () => {
    expect(uuids(topNCheckpoints(server, { limit: 10, sortBy: 'acc' }))).toEqual(['e', 'c', 'd', 'f', 'g']);
  });

  it('keeps missing metrics last when descending, too', () => {
    expect(uuids(topNCheckpoints(server, { limit: 10, sortBy: 'loss', smallerIsBetter: false }))).toEqual([
      'a',
      'c',
      'd',
      'f',
      'g',
    ]);
  });

  it('uses searcher.smaller_is_better when sortBy is not given, overriding the argument', () => {
    const maxi = server.map((c) => ({
      ...c,
      training: c.training && {
        ...c.training,
        experimentConfig: { searcher: { metric: 'acc', smaller_is_better: false } },
      },
    }));
    expect(uuids(topNCheckpoints(maxi, { limit: 2, smallerIsBetter: true }))).toEqual(['e', 'c']);
  });

  it('returns the first limit entries', () => {
    expect(uuids(topNCheckpoints(server, { limit: 1 }))).toEqual(['e']);
    expect(topNCheckpoints(server, { limit: 0 })).toEqual([]);
  });

  it('fails when there are no checkpoints', () => {
    expect(() => topNCheckpoints([], { limit: 1, experimentId: 7 })).toThrow(
      new NoCheckpointsError('No checkpoint found for experiment 7', 7),
    );
    expect(() => topNCheckpoints([], { limit: 1, experimentId: 7 })).toThrow(NoCheckpointsError);
  });

  it('fails when the searcher has no metric and none is given', () => {
    const noMetric = [ckpt('a', 1, { loss: 1 }, {})];
    expect(() => topNCheckpoints(noMetric, { limit: 1 })).toThrow(InvalidArgumentError);
    expect(() => topNCheckpoints(noMetric, { limit: 1 })).toThrow(/no searcher.metric found/);
  });

  it('fails clearly on a checkpoint without training metadata', () => {
    expect(() => topNCheckpoints([{ uuid: 'x', training: null }], { limit: 1, sortBy: 'loss' })).toThrow(
      /Checkpoint x has no training metadata/,
    );
  });

  it('rejects a negative limit', () => {
    expect(() => topNCheckpoints(server, { limit: -1 })).toThrow(InvalidArgumentError);
  });
});

describe('sortTrialCheckpoints', () => {
  const server = [
    ckpt('a', 1, { loss: 0.3 }),
    ckpt('b', 1, null),
    ckpt('c', 1, { loss: 0.1 }),
    ckpt('d', 1, { loss: 0.3 }),
  ];

  it('returns attribute-sorted and empty lists as received', () => {
    const result = sortTrialCheckpoints(server, { sortBy: CheckpointSortBy.UUID, orderBy: OrderBy.DESC });
    expect(uuids(result)).toEqual(['a', 'b', 'c', 'd']);
    expect(result).not.toBe(server);
    expect(sortTrialCheckpoints([], {})).toEqual([]);
  });

  it('sorts by a metric in the requested order, missing last, without dedup', () => {
    expect(uuids(sortTrialCheckpoints(server, { sortBy: 'loss', orderBy: OrderBy.ASC }))).toEqual([
      'c',
      'a',
      'd',
      'b',
    ]);
    expect(uuids(sortTrialCheckpoints(server, { sortBy: 'loss', orderBy: OrderBy.DESC }))).toEqual([
      'a',
      'd',
      'c',
      'b',
    ]);
  });

  it('defaults to the searcher metric and direction', () => {
    expect(uuids(sortTrialCheckpoints(server, {}))).toEqual(['c', 'a', 'd', 'b']);
    const desc = server.map((c) => ({
      ...c,
      training: c.training && {
        ...c.training,
        experimentConfig: { searcher: { metric: 'loss', smaller_is_better: false } },
      },
    }));
    expect(uuids(sortTrialCheckpoints(desc, {}))).toEqual(['a', 'd', 'c', 'b']);
  });

  it('requires sortBy and orderBy together', () => {
    expect(() => sortTrialCheckpoints(server, { sortBy: 'loss' })).toThrow(
      new InvalidArgumentError('sortBy and orderBy must be set together'),
    );
    expect(() => sortTrialCheckpoints(server, { orderBy: OrderBy.ASC })).toThrow(InvalidArgumentError);
  });
});

describe('legacyTrialCheckpointsQuery', () => {
  it('sends sortByAttr only for an attribute', () => {
    expect(
      legacyTrialCheckpointsQuery({ sortBy: CheckpointSortBy.BATCH_NUMBER, orderBy: OrderBy.DESC }),
    ).toEqual({
      orderBy: 'ORDER_BY_DESC',
      sortByAttr: 'SORT_BY_BATCH_NUMBER',
    });
    expect(legacyTrialCheckpointsQuery({ sortBy: 'loss', orderBy: OrderBy.ASC })).toEqual({
      orderBy: 'ORDER_BY_ASC',
    });
    expect(legacyTrialCheckpointsQuery({})).toEqual({});
  });
});

describe('listCheckpointsQuery', () => {
  // Scenarios 24 and 31.
  it('sends a metric name as sortByMetric', () => {
    expect(listCheckpointsQuery({ sortBy: 'val_metric', orderBy: OrderBy.ASC, scope: 'trial' })).toEqual({
      query: { orderBy: 'ORDER_BY_ASC', sortByMetric: 'val_metric' },
      singlePage: false,
    });
  });

  // Scenarios 25 and 32.
  it('sends an attribute as sortByAttr', () => {
    expect(
      listCheckpointsQuery({
        sortBy: CheckpointSortBy.SEARCHER_METRIC,
        orderBy: OrderBy.ASC,
        scope: 'experiment',
      }),
    ).toEqual({
      query: { orderBy: 'ORDER_BY_ASC', sortByAttr: 'SORT_BY_SEARCHER_METRIC', states: ['STATE_COMPLETED'] },
      singlePage: false,
    });
  });

  it('defaults to the searcher metric without an order', () => {
    expect(listCheckpointsQuery({ scope: 'experiment' }).query).toEqual({
      sortByAttr: 'SORT_BY_SEARCHER_METRIC',
      states: ['STATE_COMPLETED'],
    });
  });

  it('fetches a single page only for a truthy maxResults', () => {
    expect(listCheckpointsQuery({ maxResults: 5, scope: 'trial' })).toEqual({
      query: { limit: 5, sortByAttr: 'SORT_BY_SEARCHER_METRIC' },
      singlePage: true,
    });
    expect(listCheckpointsQuery({ maxResults: 0, scope: 'trial' })).toEqual({
      query: { limit: 0, sortByAttr: 'SORT_BY_SEARCHER_METRIC' },
      singlePage: false,
    });
  });

  // Scenarios 26 and 27.
  it.each([[{ orderBy: OrderBy.ASC, maxResults: 5 }], [{ sortBy: CheckpointSortBy.UUID, maxResults: 5 }]])(
    'requires sortBy and orderBy together (%p)',
    (options) => {
      expect(() => listCheckpointsQuery({ ...options, scope: 'experiment' })).toThrow(
        new InvalidArgumentError('sortBy and orderBy must be either both set, or neither.'),
      );
    },
  );

  it('treats an empty sortBy as the searcher metric', () => {
    expect(listCheckpointsQuery({ sortBy: '', orderBy: OrderBy.DESC, scope: 'trial' }).query).toEqual({
      orderBy: 'ORDER_BY_DESC',
      sortByAttr: 'SORT_BY_SEARCHER_METRIC',
    });
  });

  it.each([
    [{ sortBy: 3 as unknown as string, orderBy: OrderBy.ASC }, /sortBy must be a CheckpointSortBy value/],
    [{ sortBy: 'loss', orderBy: 'ASC' as OrderBy }, /orderBy must be an OrderBy value, got ASC/],
    [{ maxResults: -1 }, /maxResults must be a non-negative integer/],
    [{ maxResults: 1.5 }, /maxResults must be a non-negative integer/],
  ])('rejects bad argument types (%p)', (options, message) => {
    expect(() => listCheckpointsQuery({ ...options, scope: 'trial' })).toThrow(message);
  });
});
