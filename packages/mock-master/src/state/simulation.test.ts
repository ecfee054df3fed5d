import { createExperiment } from './create-experiment';
import { applyAction, killTrial, setArchived } from './lifecycle';
import { testState, testUser } from './test-helpers';

const SINGLE = `
name: sim
hyperparameters: {lr: 0.1, global_batch_size: 32}
searcher: {name: single, metric: validation_loss, max_length: {batches: 300}}
min_validation_period: {batches: 100}
`;

describe('experiment simulation', () => {
  let env: ReturnType<typeof testState>;
  beforeEach(() => {
    env = testState();
  });
  afterEach(() => env.cleanup());

  it('walks QUEUED → PULLING → STARTING → RUNNING → STOPPING_COMPLETED → COMPLETED on the virtual clock', () => {
    const { state } = env;
    const { experiment } = createExperiment(state, { config: SINGLE }, testUser);
    const seen = [experiment.state];
    for (let i = 0; i < 20; i++) {
      state.advance(500);
      if (seen[seen.length - 1] !== experiment.state) seen.push(experiment.state);
    }
    expect(seen).toEqual([
      'STATE_QUEUED',
      'STATE_PULLING',
      'STATE_STARTING',
      'STATE_RUNNING',
      'STATE_STOPPING_COMPLETED',
      'STATE_COMPLETED',
    ]);
    expect(experiment.endTime).not.toBeNull();
    const [trial] = state.trialsOf(experiment.id);
    expect(trial?.state).toBe('STATE_COMPLETED');
    expect(trial?.totalBatchesProcessed).toBe(300);
  });

  it('reports training every scheduling unit and validates and checkpoints per the configured periods', () => {
    const { state } = env;
    const { experiment } = createExperiment(
      state,
      { config: `${SINGLE}\nmin_checkpoint_period: {batches: 200}\n` },
      testUser,
    );
    state.advance(60_000);
    const [trial] = state.trialsOf(experiment.id);
    const reports = state.metrics.stored(trial?.id ?? 0);
    expect(reports.filter((r) => r.group === 'training').map((r) => r.totalBatches)).toEqual([100, 200, 300]);
    expect(reports.filter((r) => r.group === 'validation').map((r) => r.totalBatches)).toEqual([
      100, 200, 300,
    ]);
    expect(
      state
        .checkpointsOf({ experimentId: experiment.id })
        .map((c) => c.totalBatches)
        .sort(),
    ).toEqual([200, 300]);
  });

  it('creates max_trials trials for random search and a capped grid for grid search', () => {
    const { state } = env;
    const random = createExperiment(
      state,
      {
        config:
          'searcher: {name: random, metric: loss, max_trials: 3, max_length: 100}\nhyperparameters: {lr: {type: double, minval: 0.001, maxval: 0.1}}',
      },
      testUser,
    );
    const grid = createExperiment(
      state,
      {
        config:
          'searcher: {name: grid, metric: loss, max_length: 100}\nhyperparameters: {a: {type: categorical, vals: [1, 2, 3]}, b: {type: int, minval: 1, maxval: 4, count: 2}}',
      },
      testUser,
    );
    const capped = createExperiment(
      state,
      {
        config:
          'searcher: {name: grid, metric: loss, max_trials: 4, max_length: 100}\nhyperparameters: {a: {type: categorical, vals: [1, 2, 3]}, b: {type: int, minval: 1, maxval: 4, count: 2}}',
      },
      testUser,
    );
    state.advance(60_000);
    expect(state.trialsOf(random.experiment.id)).toHaveLength(3);
    expect(state.trialsOf(grid.experiment.id).map((t) => t.hparams)).toEqual([
      { a: 1, b: 1 },
      { a: 2, b: 1 },
      { a: 3, b: 1 },
      { a: 1, b: 4 },
      { a: 2, b: 4 },
      { a: 3, b: 4 },
    ]);
    expect(state.trialsOf(capped.experiment.id)).toHaveLength(4);
    expect(grid.experiment.state).toBe('STATE_COMPLETED');
  });

  it('stops progressing while paused and resumes as ACTIVE then RUNNING', () => {
    const { state } = env;
    const { experiment } = createExperiment(state, { config: SINGLE }, testUser);
    state.advance(4000);
    applyAction(state, experiment, state.sims.get(experiment.id), 'pause', state.nowMs());
    const batches = state.trialsOf(experiment.id)[0]?.totalBatchesProcessed;
    state.advance(60_000);
    expect(experiment.state).toBe('STATE_PAUSED');
    expect(state.trialsOf(experiment.id)[0]?.state).toBe('STATE_PAUSED');
    expect(state.trialsOf(experiment.id)[0]?.totalBatchesProcessed).toBe(batches);
    applyAction(state, experiment, state.sims.get(experiment.id), 'activate', state.nowMs());
    expect(experiment.state).toBe('STATE_ACTIVE');
    state.advance(100);
    expect(experiment.state).toBe('STATE_RUNNING');
    state.advance(60_000);
    expect(experiment.state).toBe('STATE_COMPLETED');
  });

  it('cancels through STOPPING_CANCELED and kills through STOPPING_KILLED to CANCELED', () => {
    const { state } = env;
    const a = createExperiment(state, { config: SINGLE }, testUser).experiment;
    const b = createExperiment(state, { config: SINGLE }, testUser).experiment;
    state.advance(3500);
    applyAction(state, a, state.sims.get(a.id), 'cancel', state.nowMs());
    applyAction(state, b, state.sims.get(b.id), 'kill', state.nowMs());
    expect([a.state, b.state]).toEqual(['STATE_STOPPING_CANCELED', 'STATE_STOPPING_KILLED']);
    expect(state.trialsOf(b.id)[0]?.state).toBe('STATE_STOPPING_KILLED');
    state.advance(1000);
    expect([a.state, b.state]).toEqual(['STATE_CANCELED', 'STATE_CANCELED']);
    expect(state.trialsOf(a.id)[0]?.state).toBe('STATE_CANCELED');
    expect(() => applyAction(state, a, undefined, 'pause', state.nowMs())).toThrow(/cannot be paused/);
  });

  it('lets the experiment finish when one of its trials is killed', () => {
    const { state } = env;
    const { experiment } = createExperiment(
      state,
      { config: 'searcher: {name: random, metric: loss, max_trials: 2, max_length: 200}' },
      testUser,
    );
    state.advance(3500);
    const [first] = state.trialsOf(experiment.id);
    killTrial(state, state.sims.get(experiment.id), first?.id ?? 0, state.nowMs());
    state.advance(10_000);
    expect(state.trialsOf(experiment.id).map((t) => t.state)).toEqual(['STATE_CANCELED', 'STATE_COMPLETED']);
    expect(experiment.state).toBe('STATE_COMPLETED');
  });

  it('cancels the experiment when its only trial is killed, as the master does', () => {
    const { state } = env;
    const { experiment } = createExperiment(state, { config: SINGLE }, testUser);
    state.advance(3500);
    const [trial] = state.trialsOf(experiment.id);
    killTrial(state, state.sims.get(experiment.id), trial?.id ?? 0, state.nowMs());
    state.advance(10_000);
    expect(trial?.state).toBe('STATE_CANCELED');
    expect(experiment.state).toBe('STATE_CANCELED');
  });

  it('archives only terminal experiments and deletes them after DELETING', () => {
    const { state } = env;
    const { experiment } = createExperiment(state, { config: SINGLE }, testUser);
    expect(() => setArchived(experiment, true)).toThrow(/non-terminal/);
    state.advance(60_000);
    setArchived(experiment, true);
    expect(experiment.archived).toBe(true);
    const uuids = state.checkpointsOf({ experimentId: experiment.id }).map((c) => c.uuid);
    state.requestDelete(experiment.id);
    expect(experiment.state).toBe('STATE_DELETING');
    state.advance(1000);
    expect(state.experiments.has(experiment.id)).toBe(false);
    expect(uuids.every((u) => !state.storage.exists(u))).toBe(true);
  });

  it('produces the same metrics and checkpoint UUIDs for the same seed', () => {
    const run = (seed: number) => {
      const e = testState(seed);
      const { experiment } = createExperiment(e.state, { config: SINGLE }, testUser);
      e.state.advance(60_000);
      const out = e.state
        .checkpointsOf({ experimentId: experiment.id })
        .map((c) => [c.uuid, c.training?.searcherMetric]);
      void e.cleanup();
      return out;
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });
});
