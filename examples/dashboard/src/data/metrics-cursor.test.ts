import {
  RUN_START_MS,
  simulatedExperiment,
  startTestMaster,
  type TestMaster,
} from '../../test/support/test-master';
import { MetricsCursor } from './metrics-cursor';

describe('MetricsCursor', () => {
  let master: TestMaster;
  let trialIds: number[];

  beforeAll(async () => {
    master = await startTestMaster({ scenario: { experiments: [simulatedExperiment('curves', 1000)] } });
    master.mock.state.clock.advance(RUN_START_MS);
    master.advanceBatches(300);
    const [experiment] = await master.det.listExperiments();
    if (experiment === undefined) throw new Error('no experiment');
    trialIds = (await experiment.listTrials()).map((trial) => trial.id);
  });

  afterAll(async () => {
    await master?.close();
  });

  it('reads every training and validation report the first time, by increasing step', async () => {
    const points = await new MetricsCursor().next(master.det, trialIds);
    const training = points.filter((p) => p.group === 'training').map((p) => p.step);
    const validation = points.filter((p) => p.group === 'validation').map((p) => p.step);
    expect(training).toEqual([50, 100, 150, 200, 250, 300]);
    expect(validation).toEqual([100, 200, 300]);
    expect(points.find((p) => p.group === 'validation')?.metrics).toEqual(
      expect.objectContaining({ validation_loss: expect.any(Number) }),
    );
  });

  it('returns only the reports past the last step it returned, as the simulation advances', async () => {
    const cursor = new MetricsCursor();
    await cursor.next(master.det, trialIds);
    expect(await cursor.next(master.det, trialIds)).toEqual([]);
    master.advanceBatches(100);
    // Listing the trials brings the simulation up to the clock, as the dashboard's poll does.
    await (await master.det.getExperiment(1)).listTrials();
    const fresh = await cursor.next(master.det, trialIds);
    expect(fresh.map((p) => `${p.group}@${p.step}`)).toEqual([
      'training@350',
      'training@400',
      'validation@400',
    ]);
  });

  it('reads nothing for no trials', async () => {
    expect(await new MetricsCursor().next(master.det, [])).toEqual([]);
  });
});
