import { stringify } from 'yaml';
import { continueExperiment } from './continue-experiment';
import { createExperiment } from './create-experiment';
import { killTrial } from './lifecycle';
import { testState, testUser } from './test-helpers';

type Action = Record<string, unknown>;

function noopConfig(actions: readonly Action[], extra: Record<string, unknown> = {}): string {
  return stringify({
    name: 'noop',
    hyperparameters: { actions: Object.fromEntries(actions.map((a, i) => [String(i + 1), a])) },
    max_restarts: 0,
    searcher: { name: 'single', metric: 'x' },
    ...extra,
  });
}

/** The `--config hyperparameters.actions.N=...` overrides of noop.cli_config_overrides(), as YAML. */
function actionsOverride(actions: readonly Action[]): string {
  return stringify({
    hyperparameters: { actions: Object.fromEntries(actions.map((a, i) => [String(i + 1), a])) },
  });
}

const report = (x: number): Action => ({ action: 'report', group: 'training', metrics: { x } });
const checkpoint: Action = { action: 'checkpoint' };
const exit = (code: number): Action => ({ action: 'exit', code });

describe('ContinueExperiment', () => {
  let env: ReturnType<typeof testState>;
  beforeEach(() => {
    env = testState();
  });
  afterEach(() => env.cleanup());

  const xs = (trialId: number) =>
    [...env.state.metrics.iterate([trialId], 'training')].map(
      (r) => (r.metrics.avg_metrics as Record<string, unknown> | undefined)?.x,
    );
  const runnerLogs = (trialId: number) =>
    env.state.logs.of(trialId).filter((l) => l.log.includes('New trial runner')).length;

  it('re-runs the trial with restarts zeroed and the new max_restarts', () => {
    const { experiment } = createExperiment(
      env.state,
      { config: noopConfig([exit(7)], { max_restarts: 2 }) },
      testUser,
    );
    env.state.advance(60_000);
    const [trial] = env.state.trialsOf(experiment.id);
    expect([experiment.state, trial?.restarts, runnerLogs(trial?.id ?? 0)]).toEqual(['STATE_ERROR', 2, 3]);
    continueExperiment(env.state, experiment, 'max_restarts: 1\n');
    env.state.advance(60_000);
    expect(env.state.trialsOf(experiment.id)).toHaveLength(1);
    expect([experiment.state, trial?.restarts, runnerLogs(trial?.id ?? 0)]).toEqual(['STATE_ERROR', 1, 5]);
  });

  it('keeps start times, ends later and runs in a new task <first>-1', () => {
    const { experiment } = createExperiment(env.state, { config: noopConfig([exit(7)]) }, testUser);
    env.state.advance(60_000);
    const [trial] = env.state.trialsOf(experiment.id);
    const before = {
      exp: [experiment.startTime, experiment.endTime],
      trial: [trial?.startTime, trial?.endTime],
    };
    const firstTask = trial?.taskId;
    env.state.advance(1000);
    continueExperiment(env.state, experiment, '');
    env.state.advance(60_000);
    expect(experiment.state).toBe('STATE_ERROR');
    expect(experiment.startTime).toBe(before.exp[0]);
    expect(trial?.startTime).toBe(before.trial[0]);
    expect(String(experiment.endTime) > String(before.exp[1])).toBe(true);
    expect(String(trial?.endTime) > String(before.trial[1])).toBe(true);
    expect(trial?.tasks?.map((t) => t.taskId)).toEqual([firstTask, `${firstTask}-1`]);
    expect(String(trial?.tasks?.[1]?.startTime) > String(before.exp[1])).toBe(true);
  });

  it('resumes from the latest checkpoint and archives the superseded metrics of earlier runs', () => {
    const { experiment } = createExperiment(
      env.state,
      { config: noopConfig([report(1), exit(7)]) },
      testUser,
    );
    env.state.advance(60_000);
    const id = env.state.trialsOf(experiment.id)[0]?.id ?? 0;
    expect(xs(id)).toEqual([1]);
    continueExperiment(
      env.state,
      experiment,
      actionsOverride([report(2), report(3), checkpoint, report(4), exit(8)]),
    );
    env.state.advance(60_000);
    expect([experiment.state, xs(id)]).toEqual(['STATE_ERROR', [2, 3, 4]]);
    continueExperiment(
      env.state,
      experiment,
      actionsOverride([report(2), report(3), checkpoint, report(5), exit(0)]),
    );
    env.state.advance(60_000);
    expect([experiment.state, xs(id)]).toEqual(['STATE_COMPLETED', [2, 3, 5]]);
  });

  it('re-runs only the trials of a search that did not complete, and refuses a search that completed', () => {
    const { experiment } = createExperiment(
      env.state,
      { config: noopConfig([], { searcher: { name: 'random', metric: 'x', max_trials: 2 } }) },
      testUser,
    );
    const trials = env.state.trialsOf(experiment.id);
    expect(trials.map((t) => t.state)).toEqual(['STATE_QUEUED', 'STATE_QUEUED']);
    killTrial(env.state, env.state.sims.get(experiment.id), trials[1]?.id ?? 0, env.state.nowMs());
    env.state.advance(60_000);
    expect(experiment.state).toBe('STATE_COMPLETED');
    expect(trials.map((t) => t.state)).toEqual(['STATE_COMPLETED', 'STATE_CANCELED']);
    const completedEnd = trials[0]?.endTime;
    continueExperiment(env.state, experiment, '');
    env.state.advance(60_000);
    expect(experiment.state).toBe('STATE_COMPLETED');
    expect(trials.map((t) => t.state)).toEqual(['STATE_COMPLETED', 'STATE_COMPLETED']);
    expect(trials[0]?.endTime).toBe(completedEnd);
    expect(() => continueExperiment(env.state, experiment, '')).toThrow(
      'experiment has been completed, cannot continue this experiment',
    );
  });

  it('refuses an experiment that is still active', () => {
    const { experiment } = createExperiment(env.state, { config: noopConfig([exit(0)]) }, testUser);
    expect(() => continueExperiment(env.state, experiment, '')).toThrow(/non terminal state/);
  });
});
