import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { createExperiment } from './create-experiment';
import { testState, testUser } from './test-helpers';

/** noop.traininglike_steps(n, scale): a training report, a validation and a checkpoint per step. */
function traininglike(n: number, scale: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let x = 1;
  for (let i = 0; i < n; i++) {
    out.push({ action: 'report', group: 'training', metrics: { x } });
    out.push({ action: 'report', group: 'validation', metrics: { x } });
    out.push({ action: 'checkpoint' });
    x *= scale;
  }
  return out;
}

const config = (actions: Record<string, unknown>[], storage: Record<string, unknown>) =>
  stringify({
    name: 'noop',
    hyperparameters: { actions: Object.fromEntries(actions.map((a, i) => [String(i + 1), a])) },
    searcher: { name: 'single', metric: 'x' },
    checkpoint_storage: storage,
  });

describe('checkpoint GC', () => {
  let env: ReturnType<typeof testState>;
  let shared: string;
  beforeEach(() => {
    env = testState();
    shared = fs.mkdtempSync(path.join(os.tmpdir(), 'mock-shared-fs-'));
  });
  afterEach(async () => {
    await env.cleanup();
    fs.rmSync(shared, { recursive: true, force: true });
  });

  const run = (scale: number) => {
    const storage = {
      type: 'shared_fs',
      host_path: shared,
      storage_path: 'ckpts',
      save_experiment_best: 3,
      save_trial_latest: 2,
    };
    const { experiment } = createExperiment(
      env.state,
      { config: config(traininglike(10, scale), storage) },
      testUser,
    );
    env.state.advance(60_000);
    const byState = (state: string) =>
      env.state
        .checkpointsOf({ experimentId: experiment.id })
        .filter((c) => c.state === state)
        .map((c) => c.totalBatches)
        .sort((a, b) => a - b);
    return { experiment, byState };
  };

  it("keeps the experiment's best, each trial's best and latest, and deletes the rest when the experiment ends", () => {
    const falling = run(0.9);
    expect(falling.experiment.state).toBe('STATE_COMPLETED');
    expect(falling.byState('STATE_COMPLETED')).toEqual([8, 9, 10]);
    expect(falling.byState('STATE_DELETED')).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const rising = run(1.1);
    expect(rising.byState('STATE_COMPLETED')).toEqual([1, 2, 3, 9, 10]);
    expect(rising.byState('STATE_DELETED')).toEqual([4, 5, 6, 7, 8]);
  });

  it('runs as a task of the experiment that exits, and writes to (and deletes from) the shared_fs directory the config names', () => {
    const { experiment } = run(0.9);
    const tasks = env.state.gc.tasks.filter((t) => t.experimentId === experiment.id);
    expect(tasks).toHaveLength(1);
    expect(env.state.gc.active()).toEqual(tasks);
    env.state.advance(6000);
    expect(env.state.gc.active()).toEqual([]);
    const cks = env.state.checkpointsOf({ experimentId: experiment.id });
    const kept = cks.filter((c) => c.state === 'STATE_COMPLETED');
    for (const ck of kept) expect(fs.existsSync(path.join(shared, 'ckpts', ck.uuid, 'state'))).toBe(true);
    for (const ck of cks.filter((c) => c.state === 'STATE_DELETED'))
      expect(fs.existsSync(path.join(shared, 'ckpts', ck.uuid))).toBe(false);
    env.state.deleteCheckpoints([kept[0]?.uuid ?? '']);
    expect(env.state.gc.active().map((t) => t.experimentId)).toEqual([experiment.id]);
    expect(fs.existsSync(path.join(shared, 'ckpts', kept[0]?.uuid ?? ''))).toBe(false);
    env.state.advance(6000);
    expect(env.state.gc.active()).toEqual([]);
  });

  it('runs no GC for an experiment without checkpoints', () => {
    const { experiment } = createExperiment(env.state, { config: config([], {}) }, testUser);
    env.state.advance(60_000);
    expect(experiment.state).toBe('STATE_COMPLETED');
    expect(env.state.gc.tasks).toEqual([]);
  });
});
