import { serverScenario } from '../../test/support/scenario';
import { RUN_START_MS, startTestMaster, type TestMaster } from '../../test/support/test-master';
import { listExperimentSummaries, summarize } from './experiment-summary';

describe('experiment summaries from the SDK Experiment attributes', () => {
  let master: TestMaster;

  beforeAll(async () => {
    master = await startTestMaster({ scenario: serverScenario });
    master.mock.state.clock.advance(RUN_START_MS);
    master.advanceBatches(400);
  });

  afterAll(async () => {
    await master?.close();
  });

  it('lists the most recent experiments first, only as many as the limit', async () => {
    const names = async (limit: number) =>
      (await listExperimentSummaries(master.det, { limit })).map((summary) => summary.name);
    expect(await names(1)).toEqual(['paused']);
    expect(await names(2)).toEqual(['paused', 'live']);
    expect(await names(50)).toEqual(['paused', 'live', 'finished']);
  });

  it('summarizes owner, searcher metric and direction, best validation, trials and times', async () => {
    const finished = summarize(await master.det.getExperiment(1));
    expect(finished).toEqual({
      id: 1,
      name: 'finished',
      state: 'STATE_COMPLETED',
      progress: expect.any(Number),
      owner: 'alice',
      searcherMetric: 'validation_loss',
      smallerIsBetter: true,
      bestValidation: 0.6,
      numTrials: 1,
      startTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
      endTime: expect.stringMatching(/\.000Z$/),
      terminal: true,
    });
    const [paused] = await listExperimentSummaries(master.det, { limit: 1 });
    expect(paused).toEqual(
      expect.objectContaining({ owner: 'determined', bestValidation: null, endTime: null, terminal: false }),
    );
  });
});
