import { DeterminedError, InvalidArgumentError } from '../../core/errors';
import { ExperimentState } from '../../lib/enums';
import {
  experimentFixture,
  fullPage,
  pagedReply,
  trialsFixture,
  useHarness,
} from '../../testing/domain-fixtures';
import type { Reply } from '../../testing/recording-server';
import { Trial } from '../trials/trial';
import { Experiment } from './experiment';

const serve = useHarness();
const EXPERIMENT = '/api/v1/experiments/1';
const TRIALS = '/api/v1/experiments/1/trials';

function experimentIn(state: ExperimentState): Reply {
  return { json: { experiment: experimentFixture({ state }), jobSummary: null } };
}

const noTrials = fullPage('trials', []);

describe('Experiment.awaitFirstTrial and Experiment.wait (recorded fixtures)', () => {
  it('scenario 10: awaitFirstTrial returns a trial once the trials endpoint has one, after more than 2 requests', async () => {
    const trials = trialsFixture();
    const { server, session } = await serve([
      { method: 'GET', path: EXPERIMENT, reply: experimentIn(ExperimentState.RUNNING) },
      { method: 'GET', path: TRIALS, reply: [noTrials, noTrials, fullPage('trials', trials)] },
    ]);
    const trial = await new Experiment(1, session).awaitFirstTrial({ intervalMs: 10 });
    expect(trial).toBeInstanceOf(Trial);
    expect(trial.id).toBe(trials[0]?.id);
    const trialRequests = server.requestsTo('GET', TRIALS);
    expect(trialRequests.length).toBeGreaterThan(2);
    expect(trialRequests.length).toBe(3);
    for (const request of trialRequests) {
      expect(request.query).toEqual({ orderBy: ['ORDER_BY_ASC'], sortBy: ['SORT_BY_START_TIME'] });
    }
  });

  it('scenario 11: awaitFirstTrial fails when the experiment ends (RUNNING, RUNNING, CANCELED) without trials', async () => {
    const { server, session } = await serve([
      {
        method: 'GET',
        path: EXPERIMENT,
        reply: [
          experimentIn(ExperimentState.RUNNING),
          experimentIn(ExperimentState.RUNNING),
          experimentIn(ExperimentState.CANCELED),
        ],
      },
      { method: 'GET', path: TRIALS, reply: noTrials },
    ]);
    const error = await new Experiment(1, session)
      .awaitFirstTrial({ intervalMs: 10 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeterminedError);
    expect(error).not.toBeInstanceOf(InvalidArgumentError);
    expect(String(error)).toContain('STATE_CANCELED');
    expect(server.requestsTo('GET', EXPERIMENT)).toHaveLength(3);
    expect(server.requestsTo('GET', TRIALS)).toHaveLength(3);
  });

  it('scenario 12: awaitFirstTrial returns a trial of an already CANCELED experiment', async () => {
    const trials = trialsFixture();
    const { session } = await serve([
      { method: 'GET', path: EXPERIMENT, reply: experimentIn(ExperimentState.CANCELED) },
      { method: 'GET', path: TRIALS, reply: pagedReply('trials', trials) },
    ]);
    const trial = await new Experiment(1, session).awaitFirstTrial();
    expect(trial.id).toBe(trials[0]?.id);
    expect(trial.experimentId).toBe(1);
  });

  it.each([
    ExperimentState.CANCELED,
    ExperimentState.COMPLETED,
    ExperimentState.DELETED,
    ExperimentState.ERROR,
  ])(
    'scenario 13: wait returns the terminal state %s after RUNNING, RUNNING and reload shows it',
    async (state) => {
      const { server, session } = await serve([
        {
          method: 'GET',
          path: EXPERIMENT,
          reply: [
            experimentIn(ExperimentState.RUNNING),
            experimentIn(ExperimentState.RUNNING),
            experimentIn(state),
          ],
        },
      ]);
      const experiment = new Experiment(1, session);
      await expect(experiment.wait({ intervalMs: 10 })).resolves.toBe(state);
      expect(server.requestsTo('GET', EXPERIMENT)).toHaveLength(3);
      await experiment.reload();
      expect(experiment.state).toBe(state);
    },
  );

  it('scenario 14: wait on a PAUSED experiment throws InvalidArgumentError', async () => {
    const { server, session } = await serve([
      { method: 'GET', path: EXPERIMENT, reply: experimentIn(ExperimentState.PAUSED) },
    ]);
    await expect(new Experiment(1, session).wait()).rejects.toThrow(InvalidArgumentError);
    expect(server.requestsTo('GET', EXPERIMENT)).toHaveLength(1);
  });

  it('wait keeps polling through DELETING and DELETE_FAILED, which are not terminal', async () => {
    const { server, session } = await serve([
      {
        method: 'GET',
        path: EXPERIMENT,
        reply: [
          experimentIn(ExperimentState.DELETING),
          experimentIn(ExperimentState.DELETE_FAILED),
          experimentIn(ExperimentState.STOPPING_COMPLETED),
          experimentIn(ExperimentState.COMPLETED),
        ],
      },
    ]);
    await expect(new Experiment(1, session).wait({ intervalMs: 1 })).resolves.toBe(ExperimentState.COMPLETED);
    expect(server.requestsTo('GET', EXPERIMENT)).toHaveLength(4);
  });
});
