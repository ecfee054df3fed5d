import { DeterminedError, InvalidArgumentError } from '../core/errors';
import {
  legacyTrialCheckpointsQuery,
  listCheckpointsQuery,
  NoCheckpointsError,
  type SortableCheckpoint,
  sortTrialCheckpoints,
  topNCheckpoints,
} from './checkpoint-sort';
import { OrderBy } from './enums';

function ckpt(uuid: string, metrics: Record<string, unknown>, trialId = 1): SortableCheckpoint {
  return {
    uuid,
    training: {
      trialId,
      experimentConfig: { searcher: { metric: 'loss' } },
      validationMetrics: { avgMetrics: metrics },
    },
  };
}

const uuids = (list: readonly SortableCheckpoint[]): Array<string | undefined> => list.map((c) => c.uuid);

describe('sorting by a metric', () => {
  it('orders booleans as 0 and 1, as Python compares them', () => {
    const list = [ckpt('half', { acc: 0.5 }), ckpt('yes', { acc: true }), ckpt('no', { acc: false })];
    expect(uuids(sortTrialCheckpoints(list, { sortBy: 'acc', orderBy: OrderBy.DESC }))).toStrictEqual([
      'yes',
      'half',
      'no',
    ]);
  });

  it('moves a checkpoint without the metric behind one that has it', () => {
    const list = [ckpt('missing', {}), ckpt('one', { acc: 1 })];
    expect(uuids(sortTrialCheckpoints(list, { sortBy: 'acc', orderBy: OrderBy.ASC }))).toStrictEqual([
      'one',
      'missing',
    ]);
    expect(uuids(sortTrialCheckpoints(list, { sortBy: 'acc', orderBy: OrderBy.DESC }))).toStrictEqual([
      'one',
      'missing',
    ]);
  });

  it('keeps missing metrics last whatever their mix with present ones', () => {
    const list = [
      ckpt('m1', {}),
      ckpt('three', { acc: 3 }),
      ckpt('m2', { acc: 'n/a' }),
      ckpt('one', { acc: 1 }),
      ckpt('m3', { acc: Number.NaN }),
      ckpt('two', { acc: 2 }),
    ];
    expect(uuids(sortTrialCheckpoints(list, { sortBy: 'acc', orderBy: OrderBy.ASC }))).toStrictEqual([
      'one',
      'two',
      'three',
      'm1',
      'm2',
      'm3',
    ]);
  });

  // Beyond 32 elements V8's TimSort merges runs and asks the comparator in both argument orders.
  it('keeps missing metrics last, in their given order, in a long list', () => {
    const list = Array.from({ length: 120 }, (_, i) =>
      ckpt(`c${i}`, i % 3 === 0 ? {} : { acc: (i * 37) % 101 }),
    );
    const sorted = uuids(sortTrialCheckpoints(list, { sortBy: 'acc', orderBy: OrderBy.ASC }));
    const present = list.filter((_, i) => i % 3 !== 0);
    const byValue = [...present].sort(
      (a, b) =>
        Number(a.training?.validationMetrics.avgMetrics?.acc) -
        Number(b.training?.validationMetrics.avgMetrics?.acc),
    );
    const missing = list.filter((_, i) => i % 3 === 0);
    expect(sorted).toStrictEqual([...uuids(byValue), ...uuids(missing)]);
  });

  it('names a checkpoint without training metadata, or says its uuid is unknown', () => {
    const bare: SortableCheckpoint = { training: null };
    expect(() => sortTrialCheckpoints([bare], { sortBy: 'acc', orderBy: OrderBy.ASC })).toThrow(
      new DeterminedError(
        'Checkpoint (unknown uuid) has no training metadata, so it cannot be sorted by a metric.',
      ),
    );
  });
});

describe('topNCheckpoints errors', () => {
  it('names its error class', () => {
    const error = new NoCheckpointsError('none', 3);
    expect(error.name).toBe('NoCheckpointsError');
    expect(String(error)).toBe('NoCheckpointsError: none');
  });

  it('says the experiment is unknown when no id was given', () => {
    expect(() => topNCheckpoints([], { limit: 1 })).toThrow(
      new NoCheckpointsError('No checkpoint found for experiment (unknown)', undefined),
    );
  });

  it('names the bad limit', () => {
    expect(() => topNCheckpoints([ckpt('a', { loss: 1 })], { limit: 1.5 })).toThrow(
      new InvalidArgumentError('limit must be a non-negative integer, got 1.5'),
    );
  });
});

describe('sortBy and orderBy checks', () => {
  it.each([[{ sortBy: null, orderBy: OrderBy.ASC }], [{ sortBy: 'acc', orderBy: null }]])(
    'treats null as unset: %j is refused',
    (order) => {
      expect(() => legacyTrialCheckpointsQuery(order as never)).toThrow(
        new InvalidArgumentError('sortBy and orderBy must be set together'),
      );
    },
  );

  it('accepts neither and then sends no order at all', () => {
    expect(legacyTrialCheckpointsQuery({})).toStrictEqual({});
    expect(legacyTrialCheckpointsQuery({ sortBy: null, orderBy: null } as never)).toStrictEqual({});
  });

  it('leaves limit and orderBy out of a listing query without them', () => {
    expect(listCheckpointsQuery({ scope: 'trial' })).toStrictEqual({
      query: { sortByAttr: 'SORT_BY_SEARCHER_METRIC' },
      singlePage: false,
    });
  });
});
