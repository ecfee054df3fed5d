import { startForTest } from '../testing/start-for-test';
import { testClient } from './cluster-test-client';

type Obj = Record<string, unknown>;

const noop = (searcher: Obj, hyperparameters: Obj = {}) =>
  JSON.stringify({
    name: 'noop',
    hyperparameters: { actions: { '1': { action: 'sleep', time: 60 } }, ...hyperparameters },
    searcher: { metric: 'x', ...searcher },
  });

const byExperiment = (id: number, extra: Obj[] = []) =>
  JSON.stringify({
    filterGroup: {
      kind: 'group',
      conjunction: 'and',
      children: [
        {
          kind: 'field',
          location: 'LOCATION_TYPE_RUN',
          columnName: 'experimentId',
          operator: '=',
          type: 'COLUMN_TYPE_NUMBER',
          value: id,
        },
        ...extra,
      ],
    },
    showArchived: false,
  });

describe('runs: SearchRuns and the bulk run actions honour the filter and project as the master does', () => {
  const env = startForTest({ speed: 0, seed: 3 });
  const admin = testClient(env);
  beforeAll(() => admin.login());

  const create = async (config: string) =>
    ((await admin.json('POST', '/api/v1/experiments', { config, activate: true })).experiment as Obj)
      .id as number;
  const search = async (filter: string) =>
    (await admin.json('POST', '/api/v1/runs', { filter })).runs as Obj[];

  it('lists only the runs the filter matches, ACTIVE while a managed trial is queued or running', async () => {
    const single = await create(noop({ name: 'single' }));
    await create(noop({ name: 'single' }));
    const runs = await search(byExperiment(single));
    expect(runs.map((r) => [(r.experiment as Obj).id, r.state])).toEqual([[single, 'STATE_ACTIVE']]);
    const trials = (await admin.json('GET', `/api/v1/experiments/${single}/trials`)).trials as Obj[];
    expect(trials.map((t) => t.state)).toEqual(['STATE_QUEUED']);
  });

  it('kills the runs a filter on hyperparameters selects, in the request project only', async () => {
    const grid = await create(noop({ name: 'grid' }, { x: { type: 'categorical', vals: [1, 2] } }));
    const filter = byExperiment(grid, [
      {
        kind: 'field',
        location: 'LOCATION_TYPE_RUN_HYPERPARAMETERS',
        columnName: 'x',
        operator: '>=',
        type: 'COLUMN_TYPE_NUMBER',
        value: 2,
      },
    ]);
    const elsewhere = await admin.json('POST', '/api/v1/runs/kill', { runIds: [], filter, projectId: 99 });
    expect(elsewhere.results).toEqual([]);
    const killed = (await admin.json('POST', '/api/v1/runs/kill', { runIds: [], filter, projectId: 1 }))
      .results as Obj[];
    expect(killed).toHaveLength(1);
    expect(killed[0]?.error).toBe('');
    const runs = await search(filter);
    expect(runs.map((r) => [r.id, (r.hyperparameters as Obj).x])).toEqual([[killed[0]?.id, 2]]);
  });

  it('refuses to pause or resume runs of a multi-trial experiment with the master message', async () => {
    const random = await create(noop({ name: 'random', max_trials: 2 }));
    const answer = await admin.json('POST', '/api/v1/runs/pause', {
      runIds: [],
      projectId: 1,
      filter: byExperiment(random),
    });
    const results = answer.results as Obj[];
    expect(results).toHaveLength(2);
    for (const r of results)
      expect(r.error).toBe(`Cannot pause/unpause run '${r.id}' (part of multi-trial).`);
  });

  it('pauses and resumes the run of a single-trial experiment, and names run ids it cannot see', async () => {
    const single = await create(noop({ name: 'single' }));
    const [run] = await search(byExperiment(single));
    const pause = await admin.json('POST', '/api/v1/runs/pause', { runIds: [run?.id, 9999], projectId: 1 });
    expect(pause.results).toEqual([
      { id: run?.id, error: '' },
      { id: 9999, error: "Run with id '9999' not found in project with id '1'" },
    ]);
    expect((await search(byExperiment(single)))[0]?.state).toBe('STATE_PAUSED');
    await admin.json('POST', '/api/v1/runs/resume', { runIds: [run?.id], projectId: 1 });
    expect((await search(byExperiment(single)))[0]?.state).toBe('STATE_ACTIVE');
  });

  it('answers a filter that is not JSON as InvalidArgument', async () => {
    const answer = await admin.call('POST', '/api/v1/runs', { filter: '{nope' });
    expect(answer.status).toBe(400);
  });

  it('leaves out runs whose project is gone', async () => {
    const single = await create(noop({ name: 'single' }));
    const exp = env.mock.state.experiment(single);
    exp.projectId = 4242;
    expect(await search(byExperiment(single))).toEqual([]);
    expect((await admin.json('POST', '/api/v1/runs', {})).runs as Obj[]).not.toContainEqual(
      expect.objectContaining({ experiment: expect.objectContaining({ id: single }) }),
    );
    exp.projectId = 1;
  });
});
