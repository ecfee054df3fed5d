import type { ScenarioFile } from '../seed';
import { loadScenario } from '../seed';
import { testState } from '../state/test-helpers';
import { callHandler, callJson } from './test-request';

const ck = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

const scenario: ScenarioFile = {
  experiments: [
    {
      id: 5,
      config: {
        searcher: {
          name: 'random',
          metric: 'validation_loss',
          smaller_is_better: true,
          max_trials: 2,
          max_length: 300,
        },
      },
      trials: [
        {
          id: 10,
          validation: [
            { batches: 100, metrics: { validation_loss: 0.5, accuracy: 0.7 } },
            { batches: 200, metrics: { validation_loss: 0.3, accuracy: 0.9 } },
          ],
          checkpoints: [
            { batches: 100, uuid: ck(1) },
            { batches: 200, uuid: ck(2) },
            { batches: 300, uuid: ck(3) },
          ],
        },
        {
          id: 11,
          validation: [{ batches: 100, metrics: { validation_loss: 0.4, accuracy: 0.8 } }],
          checkpoints: [
            { batches: 100, uuid: ck(4), files: { 'a.txt': 'a', 'sub/b.bin': 'bb', 'sub/c.bin': 'ccc' } },
          ],
        },
      ],
    },
  ],
};

type Ck = { uuid: string; state: string; resources: Record<string, string> };

describe('checkpoint handlers', () => {
  let env: ReturnType<typeof testState>;
  beforeEach(async () => {
    env = testState();
    await loadScenario(env.state, scenario);
  });
  afterEach(() => env.cleanup());

  const list = async (query: Record<string, unknown>) =>
    (
      (await callJson(env.state, 'GetExperimentCheckpoints', { pathParams: { id: 5 }, query }))
        .checkpoints as Ck[]
    ).map((c) => c.uuid);

  it('orders by searcher metric by default (smaller is better), checkpoints without metrics last', async () => {
    expect(await list({})).toEqual([ck(2), ck(4), ck(1), ck(3)]);
    expect(await list({ sortByAttr: 'SORT_BY_SEARCHER_METRIC', orderBy: 'ORDER_BY_DESC' })).toEqual([
      ck(1),
      ck(4),
      ck(2),
      ck(3),
    ]);
  });

  it('orders by any validation metric and by attributes, and pages with offset/limit', async () => {
    expect(await list({ sortByMetric: 'accuracy', orderBy: 'ORDER_BY_DESC' })).toEqual([
      ck(2),
      ck(4),
      ck(1),
      ck(3),
    ]);
    expect(await list({ sortByAttr: 'SORT_BY_BATCH_NUMBER', orderBy: 'ORDER_BY_DESC', limit: 2 })).toEqual([
      ck(3),
      ck(2),
    ]);
    const page = await callJson(env.state, 'GetExperimentCheckpoints', {
      pathParams: { id: 5 },
      query: { offset: 3, limit: 2 },
    });
    expect(page.pagination).toEqual({ offset: 3, limit: 2, startIndex: 3, endIndex: 4, total: 4 });
    await expect(list({ limit: -1 })).rejects.toMatchObject({ status: 400, grpcCode: 3 });
  });

  it("lists a trial's checkpoints and reflects trial best checkpoint", async () => {
    const res = await callJson(env.state, 'GetTrialCheckpoints', {
      pathParams: { id: 10 },
      query: { sortByAttr: 'SORT_BY_UUID' },
    });
    expect((res.checkpoints as Ck[]).map((c) => c.uuid)).toEqual([ck(1), ck(2), ck(3)]);
    const trial = (await callJson(env.state, 'GetTrial', { pathParams: { trialId: 10 } })).trial as {
      bestCheckpoint: { uuid: string };
    };
    expect(trial.bestCheckpoint.uuid).toBe(ck(2));
  });

  it('replaces metadata, removes files by glob (PARTIALLY_DELETED) and deletes checkpoints', async () => {
    const md = await callJson(env.state, 'PostCheckpointMetadata', {
      pathParams: { 'checkpoint.uuid': ck(4) },
      body: { checkpoint: { metadata: { x: 1 } } },
    });
    expect((md.checkpoint as { metadata: unknown }).metadata).toEqual({ x: 1 });
    await callJson(env.state, 'CheckpointsRemoveFiles', {
      body: { checkpointUuids: [ck(4)], checkpointGlobs: ['sub/*.bin'] },
    });
    const after = (await callJson(env.state, 'GetCheckpoint', { pathParams: { checkpointUuid: ck(4) } }))
      .checkpoint as Ck;
    expect(after.state).toBe('STATE_PARTIALLY_DELETED');
    expect(after.resources).toEqual({ 'a.txt': '1', 'sub/': '0' });
    await callJson(env.state, 'DeleteCheckpoints', { body: { checkpointUuids: [ck(4)] } });
    const deleted = (await callJson(env.state, 'GetCheckpoint', { pathParams: { checkpointUuid: ck(4) } }))
      .checkpoint as Ck;
    // The master keeps a deleted checkpoint's last resources (sizes count live checkpoints only).
    expect([deleted.state, deleted.resources]).toEqual(['STATE_DELETED', { 'a.txt': '1', 'sub/': '0' }]);
    expect(env.state.storage.exists(ck(4)) && env.state.storage.resources(ck(4))).toEqual({});
  });

  it('refuses to delete a checkpoint registered as a model version', async () => {
    await callJson(env.state, 'PostModel', { body: { name: 'm' } });
    await callJson(env.state, 'PostModelVersion', {
      pathParams: { modelName: 'm' },
      body: { modelName: 'm', checkpointUuid: ck(1) },
    });
    await expect(
      callJson(env.state, 'DeleteCheckpoints', { body: { checkpointUuids: [ck(1)] } }),
    ).rejects.toMatchObject({ grpcCode: 9 });
  });

  it('downloads a checkpoint archive in the negotiated format and answers 415 otherwise', async () => {
    const res = await callHandler(env.state, 'get-checkpoint', {
      pathParams: { checkpoint_uuid: ck(1) },
      headers: { accept: 'application/zip' },
    });
    expect('stream' in res && res.headers['content-type']).toBe('application/zip');
    let bytes = 0;
    if ('stream' in res) for await (const chunk of res.stream) bytes += (chunk as Buffer).length;
    expect(bytes).toBeGreaterThan(1000);
    await expect(
      callHandler(env.state, 'get-checkpoint', {
        pathParams: { checkpoint_uuid: ck(1) },
        headers: { accept: 'text/plain' },
      }),
    ).rejects.toMatchObject({ status: 415 });
    await expect(
      callHandler(env.state, 'get-checkpoint', { pathParams: { checkpoint_uuid: 'nope' } }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
