import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { createExperiment } from './create-experiment';
import { testState, testUser } from './test-helpers';

type Action = Record<string, unknown>;

/** A config as Determined's noop.generate_config() builds it. */
function noopConfig(actions: readonly Action[], extra: Record<string, unknown> = {}): string {
  return stringify({
    name: 'noop',
    entrypoint: 'python3 train.py',
    hyperparameters: { actions: Object.fromEntries(actions.map((a, i) => [String(i + 1), a])) },
    max_restarts: 0,
    searcher: { name: 'single', metric: 'x' },
    ...extra,
  });
}

const report = (group: string, x: number): Action => ({ action: 'report', group, metrics: { x } });
const checkpoint: Action = { action: 'checkpoint' };
const exit = (code: number): Action => ({ action: 'exit', code });

describe('scripted trials (hyperparameters.actions of the noop fixture)', () => {
  let env: ReturnType<typeof testState>;
  beforeEach(() => {
    env = testState();
  });
  afterEach(() => env.cleanup());

  const run = (actions: readonly Action[], extra: Record<string, unknown> = {}, ms = 60_000) => {
    const { experiment } = createExperiment(env.state, { config: noopConfig(actions, extra) }, testUser);
    env.state.advance(ms);
    const trials = env.state.trialsOf(experiment.id);
    return { experiment, trials, trial: trials[0] };
  };

  it('reports exactly the scripted metrics: training reports advance stepsCompleted, validations report at it', () => {
    const { experiment, trial } = run([
      report('training', 3),
      report('validation', 3),
      report('training', 2),
      report('validation', 2),
      { action: 'report', group: 'inference', metrics: { y: '4' } },
    ]);
    expect(experiment.state).toBe('STATE_COMPLETED');
    expect(trial?.state).toBe('STATE_COMPLETED');
    const reports = env.state.metrics.stored(trial?.id ?? 0);
    expect(reports.map((r) => [r.group, r.totalBatches, r.metrics])).toEqual([
      ['training', 1, { avg_metrics: { x: 3 } }],
      ['validation', 1, { validation_metrics: { x: 3 } }],
      ['training', 2, { avg_metrics: { x: 2 } }],
      ['validation', 2, { validation_metrics: { x: 2 } }],
      ['inference', 2, { avg_metrics: { y: 4 } }],
    ]);
    expect(trial?.totalBatchesProcessed).toBe(2);
    expect(trial?.searcherMetricValue).toBe(2);
    expect(trial?.summaryMetrics).toMatchObject({
      avg_metrics: { x: { count: 2, last: 2, max: 3, mean: 2.5, min: 2, sum: 5, type: 'number' } },
    });
  });

  it("saves one checkpoint per checkpoint action, holding the fixture's state file", () => {
    const actions = [report('training', 1), report('validation', 3), checkpoint];
    // Keep all three through the checkpoint GC at the end (its default keeps the latest and best).
    const { trial } = run([...actions, ...actions, ...actions], {
      checkpoint_storage: { save_trial_latest: 3 },
    });
    const cks = env.state.checkpointsOf({ trialId: trial?.id ?? 0 });
    expect(cks.map((c) => c.totalBatches).sort()).toEqual([1, 2, 3]);
    for (const ck of cks) {
      const file = path.join(env.state.storage.root, ck.uuid, 'state');
      const actionId = ck.totalBatches * 3 - 1;
      expect(fs.readFileSync(file, 'utf8')).toBe(`${actionId},${ck.totalBatches},${trial?.id}`);
      expect(ck.metadata).toMatchObject({ steps_completed: ck.totalBatches });
      expect(Object.keys(ck.resources).sort()).toEqual(['metadata.json', 'state']);
    }
  });

  it('writes log actions decoded from base64 at their level', () => {
    const message = 'héllo from the noop fixture';
    const { trial } = run([{ action: 'log', base64: Buffer.from(message).toString('base64'), level: 30 }]);
    const lines = env.state.logs.of(trial?.id ?? 0).filter((l) => l.log.includes(message));
    // Only the logged line carries the text: `executing {...}` shows the base64, as in the fixture.
    expect(lines).toHaveLength(1);
    const line = lines[0];
    expect(line?.level).toBe('LOG_LEVEL_WARNING');
    expect(line?.log).toBe(`[${1000 + (trial?.id ?? 0)}] root: ${message}\n`);
    expect(line?.message).toContain(`WARNING: [${1000 + (trial?.id ?? 0)}] root: ${message}`);
  });

  it('sleeps on the virtual clock', () => {
    const { experiment } = createExperiment(
      env.state,
      { config: noopConfig([{ action: 'sleep', time: 100 }, report('training', 1)]) },
      testUser,
    );
    env.state.advance(50_000);
    const [trial] = env.state.trialsOf(experiment.id);
    expect(trial?.state).toBe('STATE_RUNNING');
    expect(env.state.metrics.stored(trial?.id ?? 0)).toEqual([]);
    env.state.advance(60_000);
    expect(trial?.state).toBe('STATE_COMPLETED');
    expect(env.state.metrics.stored(trial?.id ?? 0)).toHaveLength(1);
  });

  it('completes the trial on exit 0 without running the actions after it', () => {
    const { experiment, trial } = run([exit(0), report('training', 1)]);
    expect(experiment.state).toBe('STATE_COMPLETED');
    expect(trial?.state).toBe('STATE_COMPLETED');
    expect(env.state.metrics.stored(trial?.id ?? 0)).toEqual([]);
  });

  it('errors the trial and the experiment on a non-zero exit without restarts', () => {
    const { experiment, trial } = run([report('training', 1), exit(7)]);
    expect(trial?.state).toBe('STATE_ERROR');
    expect(trial?.restarts).toBe(0);
    expect(experiment.state).toBe('STATE_ERROR');
    expect(experiment.endTime).not.toBeNull();
  });

  it('restarts up to max_restarts times, like test_exp_continue expects', () => {
    const { experiment, trials, trial } = run([exit(7)], { max_restarts: 2 });
    expect(experiment.state).toBe('STATE_ERROR');
    expect(trials).toHaveLength(1);
    expect(trial?.restarts).toBe(2);
    const runners = env.state.logs.of(trial?.id ?? 0).filter((l) => l.log.includes('New trial runner'));
    expect(runners).toHaveLength(3);
  });

  it("resumes a restarted trial after its latest checkpoint, as the fixture's load_state does", () => {
    const { trial } = run(
      [report('training', 1), checkpoint, report('training', 2), { action: 'exit', code: 3 }],
      { max_restarts: 1 },
    );
    expect(trial?.state).toBe('STATE_ERROR');
    const training = env.state.metrics.stored(trial?.id ?? 0).filter((r) => r.group === 'training');
    // Run 1: steps 1, 2; run 2 resumes at steps 1 after the checkpoint and reports step 2 again.
    expect(training.map((r) => r.totalBatches)).toEqual([1, 2, 2]);
  });

  it('errors on an action the fixture does not know (ValueError)', () => {
    const { trial } = run([{ action: 'dance' }]);
    expect(trial?.state).toBe('STATE_ERROR');
    expect(env.state.logs.of(trial?.id ?? 0).some((l) => l.log.includes('ValueError'))).toBe(true);
  });

  it('completes at once with an empty script, like the fixture without actions', () => {
    const { experiment, trial } = run([]);
    expect(trial?.state).toBe('STATE_COMPLETED');
    expect(trial?.totalBatchesProcessed).toBe(0);
    expect(experiment.state).toBe('STATE_COMPLETED');
  });

  it('keeps the learning curves for configs without noop actions', () => {
    const { trial } = run([], {
      hyperparameters: { lr: 0.1, actions: ['not', 'noop'] },
      searcher: { name: 'single', metric: 'validation_loss', max_length: { batches: 100 } },
    });
    expect(trial?.totalBatchesProcessed).toBe(100);
  });
});
