import type { MockMaster } from '@determined-ts/mock-master';
import { collect } from '../../core/collect';
import type { Determined } from '../../determined';
import { ExperimentSortBy, OrderBy } from '../../lib/enums';
import { type MockSession, startMockSession } from '../../testing/mock-session';
import type { Experiment } from './experiment';

let mock: MockMaster;
let det: Determined;
let session: MockSession;

function trial(hparams: Record<string, number>, validationLosses: readonly number[]) {
  return {
    hparams,
    training: validationLosses.map((_, i) => ({ batches: (i + 1) * 100, metrics: { loss: 1 } })),
    validation: validationLosses.map((value, i) => ({
      batches: (i + 1) * 100,
      metrics: { validation_loss: value },
    })),
  };
}

beforeAll(async () => {
  session = await startMockSession({
    mock: {
      speed: 0,
      seed: 7,
      scenario: {
        users: [{ username: 'alice' }],
        experiments: [
          {
            name: 'minimize',
            owner: 'alice',
            state: 'STATE_COMPLETED',
            config: {
              searcher: {
                name: 'random',
                metric: 'validation_loss',
                max_trials: 2,
                max_length: { batches: 200 },
              },
            },
            trials: [trial({ lr: 0.1 }, [0.8, 0.6]), trial({ lr: 0.2 }, [0.7, 0.65])],
          },
          {
            name: 'maximize',
            state: 'STATE_COMPLETED',
            config: {
              searcher: {
                name: 'random',
                metric: 'validation_loss',
                smaller_is_better: false,
                max_trials: 2,
                max_length: { batches: 200 },
              },
            },
            trials: [trial({ lr: 0.1 }, [0.8, 0.6]), trial({ lr: 0.2 }, [0.7, 0.9])],
          },
        ],
      },
    },
  });
  ({ mock, det } = session);
});

afterAll(() => session.stop());

function listingOf(experiment: Experiment) {
  return {
    username: experiment.username,
    searcherMetric: experiment.searcherMetric,
    smallerIsBetter: experiment.smallerIsBetter,
    bestTrialId: experiment.bestTrialId,
    bestTrialSearcherMetric: experiment.bestTrialSearcherMetric,
    numTrials: experiment.numTrials,
  };
}

async function trialIdsOf(experiment: Experiment): Promise<number[]> {
  return (await experiment.listTrials()).map((t) => t.id);
}

describe('Experiment listing attributes against the mock master', () => {
  it('getExperiment and iterExperiments carry the owner, metric, direction and best trial of finished searches', async () => {
    const listed = await collect(
      det.iterExperiments({ sortBy: ExperimentSortBy.ID, orderBy: OrderBy.ASCENDING, limit: 1 }),
    );
    const [minimize, maximize] = listed;
    if (minimize === undefined || maximize === undefined) throw new Error('the scenario has two experiments');
    const [minIds, maxIds] = [await trialIdsOf(minimize), await trialIdsOf(maximize)];
    expect(listingOf(minimize)).toEqual({
      username: 'alice',
      searcherMetric: 'validation_loss',
      smallerIsBetter: true,
      bestTrialId: minIds[0],
      bestTrialSearcherMetric: 0.6,
      numTrials: 2,
    });
    expect(listingOf(maximize)).toEqual({
      username: 'determined',
      searcherMetric: 'validation_loss',
      smallerIsBetter: false,
      bestTrialId: maxIds[1],
      bestTrialSearcherMetric: 0.9,
      numTrials: 2,
    });
    for (const experiment of listed) {
      expect(listingOf(await det.getExperiment(experiment.id))).toEqual(listingOf(experiment));
      expect(experiment.endTime?.getTime()).toBeGreaterThanOrEqual(
        experiment.startTime?.getTime() ?? Number.NaN,
      );
    }
  });

  it('createExperiment carries them at once and reload follows the run to its first validation', async () => {
    const created = await det.createExperiment({
      name: 'fresh',
      searcher: { name: 'single', metric: 'validation_loss', max_length: { batches: 200 } },
      min_validation_period: { batches: 100 },
    });
    expect(listingOf(created)).toEqual({
      username: 'determined',
      searcherMetric: 'validation_loss',
      smallerIsBetter: true,
      bestTrialId: null,
      bestTrialSearcherMetric: null,
      numTrials: created.numTrials,
    });
    expect(created.startTime).toBeInstanceOf(Date);
    expect(created.startTime?.getMilliseconds()).toBe(0);
    expect(created.endTime).toBeNull();

    // Speed 0: the simulation moves only with the clock; a virtual second is 100 batches.
    for (let round = 0; round < 30 && created.bestTrialId === null; round++) {
      mock.state.clock.advance(1000);
      await created.reload();
    }
    const [trialId] = await trialIdsOf(created);
    expect(trialId).toEqual(expect.any(Number));
    expect(created.bestTrialId).toBe(trialId);
    const reports = await collect(det.iterTrialsMetrics([trialId ?? 0], 'validation'));
    const losses = reports.map((r) => r.metrics.validation_loss);
    expect(losses.length).toBeGreaterThan(0);
    expect(created.bestTrialSearcherMetric).toBe(Math.min(...(losses as number[])));
    expect(created.numTrials).toBe(1);
  });
});
