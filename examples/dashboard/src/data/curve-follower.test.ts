import { Determined } from '@determined-ts/client';
import {
  RUN_START_MS,
  simulatedExperiment,
  startTestMaster,
  type TestMaster,
} from '../../test/support/test-master';
import { CurveFollower, type CurvePoint } from './curve-follower';

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const labels = (points: readonly CurvePoint[], trialId: number, group: string) =>
  points.filter((p) => p.trialId === trialId && p.group === group).map((p) => p.step);

describe('CurveFollower', () => {
  let master: TestMaster;
  let trialIds: number[];
  let follower: CurveFollower | undefined;

  beforeEach(async () => {
    master = await startTestMaster({
      scenario: { experiments: [simulatedExperiment('first', 400), simulatedExperiment('second', 400)] },
    });
    const experiments = await master.det.listExperiments();
    const trials = await Promise.all(experiments.map((experiment) => experiment.listTrials()));
    trialIds = trials.flat().map((trial) => trial.id);
    expect(trialIds).toHaveLength(2);
  });

  afterEach(async () => {
    await follower?.close();
    await master.close();
  });

  function start(det: Determined = master.det): CurvePoint[] {
    const points: CurvePoint[] = [];
    follower = new CurveFollower({ det, intervalMs: 5, onPoints: (batch) => points.push(...batch) });
    return points;
  }

  it('hands over each report once, by increasing step, as the simulation advances, and ends with the trials', async () => {
    const points = start();
    const [first = 0] = trialIds;
    follower?.follow([first]);
    master.mock.state.clock.advance(RUN_START_MS);
    master.advanceBatches(200);
    await until(
      () =>
        labels(points, first, 'validation').includes(200) && labels(points, first, 'training').includes(200),
      'both curves at step 200',
    );
    expect(labels(points, first, 'training')).toEqual([50, 100, 150, 200]);
    master.advanceBatches(200);
    await until(() => follower?.activeStreams === 0, 'the streams to end with the trial');
    expect(labels(points, first, 'training')).toEqual([50, 100, 150, 200, 250, 300, 350, 400]);
    expect(labels(points, first, 'validation')).toEqual([100, 200, 300, 400]);
    expect(points.find((p) => p.group === 'validation')?.metrics).toEqual(
      expect.objectContaining({ validation_loss: expect.any(Number) }),
    );
  });

  it('starts streams only for trials it does not follow yet', async () => {
    const points = start();
    const [first = 0, second = 0] = trialIds;
    follower?.follow([first]);
    follower?.follow([first]);
    expect(follower?.activeStreams).toBe(2);
    follower?.follow([first, second]);
    expect(follower?.activeStreams).toBe(4);
    master.mock.state.clock.advance(RUN_START_MS);
    master.advanceBatches(400);
    await until(() => follower?.activeStreams === 0, 'every stream to end');
    expect(labels(points, first, 'training')).toEqual([50, 100, 150, 200, 250, 300, 350, 400]);
    expect(labels(points, second, 'training')).toEqual([50, 100, 150, 200, 250, 300, 350, 400]);
  });

  it('stops every stream on close and hands nothing over afterwards', async () => {
    const points = start();
    follower?.follow(trialIds);
    master.mock.state.clock.advance(RUN_START_MS);
    master.advanceBatches(100);
    await until(() => points.length > 0, 'the first points');
    await follower?.close();
    expect(follower?.activeStreams).toBe(0);
    const seen = points.length;
    master.advanceBatches(300);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(points).toHaveLength(seen);
  });

  it('reports a failed stream once, starts it again and resumes past the last step it handed over', async () => {
    const det = new Determined({
      master: master.mock.url,
      token: master.token,
      user: 'determined',
      retry: false,
      cacheToken: false,
    });
    try {
      const points = start(det);
      const [first = 0] = trialIds;
      follower?.follow([first]);
      master.mock.state.clock.advance(RUN_START_MS);
      master.advanceBatches(200);
      await until(() => labels(points, first, 'training').includes(200), 'training at step 200');
      master.mock.faults.add({ operationId: 'GetTrial', status: 500 });
      let failure: unknown;
      await until(() => {
        try {
          follower?.throwFailure();
          return false;
        } catch (error) {
          failure = error;
          return true;
        }
      }, 'a failure');
      expect(String(failure)).toMatch(/HTTP 500/);
      master.mock.faults.clear();
      master.advanceBatches(200);
      await until(() => follower?.activeStreams === 0, 'the streams to end with the trial');
      expect(labels(points, first, 'training')).toEqual([50, 100, 150, 200, 250, 300, 350, 400]);
      expect(labels(points, first, 'validation')).toEqual([100, 200, 300, 400]);
    } finally {
      await follower?.close();
      await det.close();
    }
  });
});
