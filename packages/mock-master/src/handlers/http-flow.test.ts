import { startForTest } from '../testing/start-for-test';

const CONFIG = `
name: flow
hyperparameters: {lr: {type: double, minval: 0.01, maxval: 0.1}, global_batch_size: 32}
searcher: {name: random, metric: validation_loss, max_trials: 2, max_length: {batches: 200}}
min_validation_period: {batches: 100}
min_checkpoint_period: {batches: 100}
# Both checkpoints of each trial outlive the checkpoint GC at the end (its default keeps one).
checkpoint_storage: {save_trial_latest: 2}
`;

/** Reads a nested value of a parsed JSON body. */
function at(value: unknown, ...path: Array<string | number>): unknown {
  let cur = value;
  for (const key of path) cur = (cur as Record<string | number, unknown> | undefined)?.[key];
  return cur;
}

describe('domain handlers over HTTP (every response validated against the spec)', () => {
  const env = startForTest({ speed: 1000, seed: 3 });
  let token = '';
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${env.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return res;
  };
  const json = async (method: string, path: string, body?: unknown) => {
    const res = await call(method, path, body);
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return JSON.parse(text) as unknown;
  };
  beforeAll(async () => {
    token = await env.login('admin');
  });

  it('runs an experiment to completion and serves its trials, metrics, checkpoints, logs and models', async () => {
    const created = await json('POST', '/api/v1/experiments', {
      activate: true,
      config: CONFIG,
      modelDefinition: [
        {
          path: 'model_def.py',
          type: 48,
          content: Buffer.from('print(1)\n').toString('base64'),
          mtime: '1700000000',
          mode: 33188,
          uid: 0,
          gid: 0,
        },
      ],
      projectId: null,
      template: null,
    });
    const id = at(created, 'experiment', 'id') as number;
    expect(at(created, 'experiment', 'state')).toBe('STATE_QUEUED');
    expect(at(created, 'config', 'checkpoint_storage', 'type')).toBe('shared_fs');
    let state = '';
    for (let i = 0; i < 200 && state !== 'STATE_COMPLETED'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      state = at(await json('GET', `/api/v1/experiments/${id}`), 'experiment', 'state') as string;
    }
    expect(state).toBe('STATE_COMPLETED');
    const trials = await json(
      'GET',
      `/api/v1/experiments/${id}/trials?sortBy=SORT_BY_BEST_VALIDATION_METRIC&orderBy=ORDER_BY_ASC`,
    );
    expect(at(trials, 'trials')).toHaveLength(2);
    const trialId = at(trials, 'trials', 0, 'id') as number;
    await json('GET', `/api/v1/trials/${trialId}`);
    await json('GET', `/api/v1/experiments?limit=5&sortBy=SORT_BY_NAME`);
    const cks = await json('GET', `/api/v1/experiments/${id}/checkpoints?states=STATE_COMPLETED`);
    expect(at(cks, 'checkpoints')).toHaveLength(4);
    const uuid = at(cks, 'checkpoints', 0, 'uuid') as string;
    await json(
      'GET',
      `/api/v1/trials/${trialId}/checkpoints?sortByAttr=SORT_BY_BATCH_NUMBER&orderBy=ORDER_BY_DESC`,
    );
    await json('GET', `/api/v1/checkpoints/${uuid}`);
    await json('POST', `/api/v1/checkpoints/${uuid}/metadata`, {
      checkpoint: { metadata: { a: 1 }, resources: {}, state: 'STATE_UNSPECIFIED', training: {}, uuid },
    });
    await json(
      'GET',
      `/api/v1/checkpoints/${uuid}/metrics?trialSourceInfoType=TRIAL_SOURCE_INFO_TYPE_INFERENCE`,
    );
    const metrics = await (
      await call('GET', `/api/v1/trials/metrics/trial_metrics?trialIds=${trialId}&group=training`)
    ).text();
    expect(metrics.trim().split('\n')).toHaveLength(1);
    await (await call('GET', `/api/v1/trials/metrics/validation_metrics?trialIds=${trialId}`)).text();
    const logs = await (await call('GET', `/api/v1/trials/${trialId}/logs?follow=true`)).text();
    expect(logs).toContain('Scheduling Trial');
    await (await call('GET', `/api/v1/trials/${trialId}/logs/fields`)).text();
    await json('PATCH', `/api/v1/experiments/${id}`, { id, name: 'renamed', labels: ['a', 'b'], notes: 'n' });
    await json('PUT', `/api/v1/experiments/${id}/labels/c`);
    await json('DELETE', `/api/v1/experiments/${id}/labels/a`);
    await json('GET', `/api/v1/experiments/${id}/model_def`);
    await json('GET', `/api/v1/experiments/${id}/file_tree`);
    await json('POST', '/api/v1/models', {
      name: 'm1',
      description: 'd',
      labels: ['x'],
      metadata: { k: 'v' },
      notes: null,
      workspaceName: null,
    });
    await json('POST', '/api/v1/models/m1/versions', { checkpointUuid: uuid, modelName: 'm1' });
    await json('GET', '/api/v1/models?sortBy=SORT_BY_NAME&orderBy=ORDER_BY_ASC');
    await json('GET', '/api/v1/models/m1/versions?limit=1&sortBy=SORT_BY_VERSION&orderBy=ORDER_BY_DESC');
    await json('GET', '/api/v1/models/m1/versions/1');
    await json('PATCH', '/api/v1/models/m1/versions/1', { name: 'v1', notes: 'nn' });
    await json(
      'GET',
      '/api/v1/models/m1/versions/1/metrics?trialSourceInfoType=TRIAL_SOURCE_INFO_TYPE_INFERENCE',
    );
    await json('PATCH', '/api/v1/models/m1', { metadata: { k: 'w' } });
    await json('GET', '/api/v1/model/labels');
    await json('POST', '/api/v1/models/m1/archive');
    await json('GET', '/api/v1/models/1');
    const archive = await call('GET', `/checkpoints/${uuid}`, undefined, { accept: 'application/gzip' });
    expect(archive.headers.get('content-type')).toBe('application/gzip');
    expect((await archive.arrayBuffer()).byteLength).toBeGreaterThan(100);
    await json('POST', `/api/v1/experiments/${id}/archive`);
    await json('POST', `/api/v1/experiments/${id}/unarchive`);
    await json('DELETE', `/api/v1/experiments/${id}/tensorboard-files`);
  });

  it('serves workspaces, projects and resource pools', async () => {
    const ws = await json('POST', '/api/v1/workspaces', { name: 'team' });
    const wsId = at(ws, 'workspace', 'id') as number;
    await json('GET', '/api/v1/workspaces?name=TEAM');
    await json('GET', `/api/v1/workspaces/${wsId}`);
    const p = await json('POST', `/api/v1/workspaces/${wsId}/projects`, {
      name: 'proj',
      workspaceId: wsId,
      description: null,
    });
    const pid = at(p, 'project', 'id') as number;
    await json('GET', `/api/v1/workspaces/${wsId}/projects?name=proj`);
    await json('GET', `/api/v1/projects/${pid}`);
    await json('PATCH', `/api/v1/projects/${pid}`, { description: 'x' });
    await json('PUT', `/api/v1/projects/${pid}/notes`, {
      notes: [{ name: 'a', contents: 'b' }],
      projectId: pid,
    });
    await json('POST', `/api/v1/projects/${pid}/archive`);
    await json('POST', `/api/v1/projects/${pid}/unarchive`);
    await json('GET', '/api/v1/resource-pools');
    await json('DELETE', '/api/v1/resource-pools/default/workspace-bindings', {
      resourcePoolName: 'default',
      workspaceNames: ['team'],
    });
    await json('GET', '/api/v1/resource-pools/default/workspace-bindings');
    await json('GET', `/api/v1/workspaces/${wsId}/available-resource-pools`);
    await json('DELETE', `/api/v1/projects/${pid}`);
    await json('DELETE', `/api/v1/workspaces/${wsId}`);
  });
});
