import { stringify } from 'yaml';
import { createExperiment } from './create-experiment';
import { testState, testUser } from './test-helpers';

const config = (searcher: Record<string, unknown>, actions: Record<string, unknown>[] = []) =>
  stringify({
    name: 'noop',
    hyperparameters: { actions: Object.fromEntries(actions.map((a, i) => [String(i + 1), a])) },
    searcher: { name: 'single', metric: 'x', ...searcher },
  });

describe('warm start (searcher.source_checkpoint_uuid / source_trial_id)', () => {
  let env: ReturnType<typeof testState>;
  beforeEach(() => {
    env = testState();
  });
  afterEach(() => env.cleanup());

  const source = () => {
    const { experiment } = createExperiment(
      env.state,
      {
        config: config({}, [
          { action: 'checkpoint' },
          { action: 'report', group: 'training', metrics: { x: 1 } },
          { action: 'checkpoint' },
        ]),
      },
      testUser,
    );
    env.state.advance(60_000);
    const [trial] = env.state.trialsOf(experiment.id);
    const uuids = env.state.checkpointsOf({ trialId: trial?.id ?? 0 }).map((c) => c.uuid);
    return { trialId: trial?.id ?? 0, uuids };
  };

  it("starts every trial from the source trial's latest checkpoint", () => {
    const { trialId, uuids } = source();
    expect(uuids).toHaveLength(2);
    const { experiment } = createExperiment(
      env.state,
      { config: config({ source_trial_id: trialId }) },
      testUser,
    );
    expect(env.state.trialsOf(experiment.id).map((t) => t.warmStartCheckpointUuid)).toEqual([uuids[1]]);
  });

  it('starts every trial from the named checkpoint, and refuses one that does not exist', () => {
    const { uuids } = source();
    const { experiment } = createExperiment(
      env.state,
      { config: config({ source_checkpoint_uuid: uuids[0] }) },
      testUser,
    );
    expect(env.state.trialsOf(experiment.id).map((t) => t.warmStartCheckpointUuid)).toEqual([uuids[0]]);
    expect(() =>
      createExperiment(
        env.state,
        { config: config({ source_checkpoint_uuid: '00000000-0000-0000-0000-000000000000' }) },
        testUser,
      ),
    ).toThrow(/checkpoint not found/);
  });
});
