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
});
