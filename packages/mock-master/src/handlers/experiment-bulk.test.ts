import { startForTest } from '../testing/start-for-test';
import { testClient } from './cluster-test-client';

type Obj = Record<string, unknown>;

const finished = (id: number, trialId: number, name: string, labels: string[]) => ({
  id,
  name,
  labels,
  trials: [{ id: trialId, validation: [{ batches: 10, metrics: { validation_loss: 0.5 } }] }],
});

describe('bulk experiment actions, runs and project extras', () => {
  const env = startForTest({
    speed: 0,
    seed: 14,
    scenario: {
      projects: [{ name: 'other', key: 'OTH' }],
      experiments: [
        finished(1, 10, 'a', ['x', 'y']),
        finished(2, 20, 'b', ['x']),
        { id: 3, name: 'live', simulate: true, activate: false },
      ],
    },
  });
  const admin = testClient(env);
  beforeAll(() => admin.login());

  it('applies an action to each named experiment and reports a result per id', async () => {
    const archived = await admin.json('POST', '/api/v1/projects/1/experiments/archive', {
      experimentIds: [1, 3, 99],
      projectId: 1,
    });
    expect(archived.results).toEqual([
      { id: 1, error: '' },
      { id: 3, error: 'cannot archive experiment 3 in non-terminal state STATE_PAUSED' },
      { id: 99, error: 'Not Found' },
    ]);
    const byFilter = await admin.json('POST', '/api/v1/projects/1/experiments/unarchive', {
      experimentIds: [],
      projectId: 1,
      filters: { archived: true },
    });
    expect(byFilter.results).toEqual([{ id: 1, error: '' }]);
    await admin.json('POST', '/api/v1/projects/1/experiments/kill', { experimentIds: [3], projectId: 1 });
    expect(((await admin.json('GET', '/api/v1/experiments/3')).experiment as Obj).state).toBe(
      'STATE_STOPPING_KILLED',
    );
    expect((await admin.json('GET', '/api/v1/experiment/labels')).labels).toEqual(['x', 'y']);
  });

  it('moves experiments and runs between projects, keeps run metadata, and sets log retention', async () => {
    const other = ((await admin.json('GET', '/api/v1/projects/key/OTH')).project as Obj).id as number;
    await admin.json('POST', '/api/v1/projects/1/experiments/move', {
      experimentIds: [2],
      destinationProjectId: other,
      projectId: 1,
    });
    expect(((await admin.json('GET', '/api/v1/experiments/2')).experiment as Obj).projectId).toBe(other);
    const runs = (await admin.json('POST', '/api/v1/runs', { projectId: other })).runs as Obj[];
    expect(runs.map((r) => [r.id, r.projectName, (r.experiment as Obj).name])).toEqual([[20, 'other', 'b']]);
    await admin.json('POST', '/api/v1/runs/20/metadata', {
      runId: 20,
      metadata: { team: { name: 'vision' } },
    });
    await admin.json('POST', '/api/v1/runs/20/metadata', { runId: 20, metadata: { team: { size: 3 } } });
    expect((await admin.json('GET', '/api/v1/runs/20/metadata')).metadata).toEqual({
      team: { name: 'vision', size: 3 },
    });
    expect((await admin.json('GET', `/api/v1/projects/${other}/metadata/team.name`)).values).toEqual([
      'vision',
    ]);
    await admin.json('PUT', '/api/v1/experiments/1/retain_logs', { experimentId: 1, numDays: 5 });
    expect(((await admin.json('GET', '/api/v1/trials/10')).trial as Obj).logRetentionDays).toBe(5);
    expect((await admin.json('GET', '/api/v1/trials/10/remaining_log_retention_days')).remainingDays).toBe(5);
    const archived = await admin.json('POST', '/api/v1/runs/archive', { runIds: [10], projectId: 1 });
    expect(archived.results).toEqual([{ id: 10, error: '' }]);
    const run = ((await admin.json('POST', '/api/v1/runs', { projectId: 1 })).runs as Obj[]).find(
      (r) => r.id === 10,
    );
    expect(run?.archived).toBe(true);
  });

  it("lists project columns and metric ranges from the experiments' metrics", async () => {
    const columns = (await admin.json('GET', '/api/v1/projects/1/columns')).columns as Obj[];
    expect(columns).toContainEqual({
      column: 'validation.validation_loss',
      location: 'LOCATION_TYPE_VALIDATIONS',
      type: 'COLUMN_TYPE_NUMBER',
      displayName: '',
    });
    const ranges = (await admin.json('GET', '/api/v1/projects/1/experiments/metric-ranges')).ranges;
    expect(ranges).toEqual([{ metricsName: 'validation.validation_loss', min: 0.5, max: 0.5 }]);
  });

  it('acts across every project with projectId -1, on the states a filter defaults to per action', async () => {
    const config = (name: string) =>
      JSON.stringify({
        name,
        searcher: { name: 'single', metric: 'x' },
        resources: { slots_per_trial: 1000 },
      });
    const created = await admin.json('POST', '/api/v1/experiments', {
      config: config('bulk-f'),
      activate: true,
    });
    const id = (created.experiment as Obj).id as number;
    const state = async () =>
      ((await admin.json('GET', `/api/v1/experiments/${id}`)).experiment as Obj).state;
    const paused = await admin.json('POST', '/api/v1/projects/-1/experiments/pause', {
      projectId: -1,
      experimentIds: [],
      filters: { name: 'bulk-f' },
    });
    expect(paused.results).toEqual([{ id, error: '' }]);
    expect(await state()).toBe('STATE_PAUSED');
    // Archive defaults to terminal experiments: the paused one is not selected.
    const notYet = await admin.json('POST', '/api/v1/projects/-1/experiments/archive', {
      projectId: -1,
      experimentIds: [],
      filters: { name: 'bulk-f' },
    });
    expect(notYet.results).toEqual([]);
    const elsewhere = await admin.json('POST', '/api/v1/projects/0/experiments/kill', {
      projectId: 0,
      experimentIds: [id],
    });
    expect(elsewhere.results).toEqual([{ id, error: 'Not Found' }]);
    await admin.json('POST', '/api/v1/projects/-1/experiments/kill', {
      projectId: -1,
      experimentIds: [],
      filters: { name: 'bulk-f' },
    });
    env.mock.state.advance(5000);
    expect(await state()).toBe('STATE_CANCELED');
    const archived = await admin.json('POST', '/api/v1/projects/-1/experiments/archive', {
      projectId: -1,
      experimentIds: [],
      filters: { name: 'bulk-f' },
    });
    expect(archived.results).toEqual([{ id, error: '' }]);
  });

  it('keeps an experiment whose trials need more slots than its pool has QUEUED', async () => {
    const config = JSON.stringify({
      name: 'too-big',
      searcher: { name: 'single', metric: 'x' },
      resources: { slots_per_trial: 1000 },
    });
    const created = await admin.json('POST', '/api/v1/experiments', { config, activate: true });
    const id = (created.experiment as Obj).id as number;
    env.mock.state.advance(60_000);
    expect(((await admin.json('GET', `/api/v1/experiments/${id}`)).experiment as Obj).state).toBe(
      'STATE_QUEUED',
    );
    const trials = (await admin.json('GET', `/api/v1/experiments/${id}/trials`)).trials as Obj[];
    expect(trials.map((t) => t.state)).toEqual(['STATE_QUEUED']);
    await admin.json('POST', `/api/v1/experiments/${id}/kill`);
  });
});
