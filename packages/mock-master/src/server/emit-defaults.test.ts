import { schemas } from '@determined-ts/bindings';
import { defaultsFiller } from './emit-defaults';

describe("the master's zero values for unset fields (EmitDefaults)", () => {
  const fill = (name: keyof typeof schemas, value: unknown) =>
    defaultsFiller(schemas[name])(value) as Record<string, unknown>;

  it('sends unset scalars as zero values, lists as [], messages and timestamps as null', () => {
    const exp = fill('v1Experiment', { id: 3, state: 'STATE_ACTIVE', config: {} });
    expect(exp).toMatchObject({
      id: 3,
      description: '',
      labels: [],
      endTime: null,
      archived: false,
      numTrials: 0,
      checkpointSize: '0',
      hyperparameters: null,
      progress: 0,
      state: 'STATE_ACTIVE',
    });
  });

  it('sends an unset enum as its first value and an unset typed map as {}', () => {
    const ck = fill('v1Checkpoint', { uuid: 'u' });
    expect(ck.state).toBe('STATE_UNSPECIFIED');
    expect(ck.resources).toEqual({});
    expect(ck.metadata).toBeNull();
    expect(ck.training).toBeNull();
  });

  it('fills nested messages and list items, keeps what is set and does not change its input', () => {
    const input = { experiment: { id: 1, name: 'x', labels: ['a'] }, trials: [] };
    const out = fill('v1GetExperimentResponse', input);
    expect(out.experiment).toMatchObject({ id: 1, name: 'x', labels: ['a'], notes: '' });
    expect(out.jobSummary).toBeNull();
    expect(input.experiment).toEqual({ id: 1, name: 'x', labels: ['a'] });
    const list = fill('v1GetExperimentsResponse', { experiments: [{ id: 2 }] });
    expect((list.experiments as Array<Record<string, unknown>>)[0]).toMatchObject({ id: 2, username: '' });
    expect(list.pagination).toBeNull();
  });

  it('leaves values of schemas it cannot read alone', () => {
    const custom = { safeParse: () => ({ success: true as const }) };
    expect(defaultsFiller(custom)({ a: 1 })).toEqual({ a: 1 });
  });
});
