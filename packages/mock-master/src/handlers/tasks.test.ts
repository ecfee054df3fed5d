import { startForTest } from '../testing/start-for-test';
import { testClient } from './cluster-test-client';

type Obj = Record<string, unknown>;

const file = (path: string, text: string) => ({
  path,
  type: 48,
  content: Buffer.from(text).toString('base64'),
  mtime: '1700000000',
  mode: 420,
  uid: 0,
  gid: 0,
});

describe('generic tasks, allocations and task logs', () => {
  const env = startForTest({ speed: 0, seed: 12 });
  const admin = testClient(env);
  beforeAll(() => admin.login());

  it('runs a generic task with its context directory, pauses and resumes it, and kills it', async () => {
    const { taskId } = (await admin.json('POST', '/api/v1/generic-tasks', {
      config: 'entrypoint: sleep 600\n',
      contextDirectory: [file('run.sh', 'echo hi\n')],
    })) as { taskId: string };
    expect((await admin.json('GET', `/api/v1/tasks/${taskId}/config`)).config).toBe(
      'entrypoint: sleep 600\n',
    );
    const tgz = (await admin.json('GET', `/api/v1/tasks/${taskId}/context_directory`)).b64Tgz as string;
    expect(Buffer.from(tgz, 'base64').subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    await admin.json('POST', `/api/v1/tasks/${taskId}/pause`);
    expect(((await admin.json('GET', `/api/v1/tasks/${taskId}`)).task as Obj).taskState).toBe(
      'GENERIC_TASK_STATE_PAUSED',
    );
    await admin.json('POST', `/api/v1/tasks/${taskId}/unpause`);
    await admin.json('POST', `/api/v1/tasks/${taskId}/kill`, { taskId });
    env.mock.state.advance(5_000);
    const task = (await admin.json('GET', `/api/v1/tasks/${taskId}`)).task as Obj;
    expect(task).toMatchObject({ taskType: 'TASK_TYPE_GENERIC', taskState: 'GENERIC_TASK_STATE_CANCELED' });
    expect((task.allocations as Obj[])[0]).toMatchObject({
      state: 'STATE_TERMINATED',
      allocationId: `${taskId}.1`,
    });
  });

  it("serves a task's logs with filters and fields, takes posted lines, and follows a running task to its end", async () => {
    const command = (await admin.json('POST', '/api/v1/commands', { config: { entrypoint: 'sleep 2' } }))
      .command as Obj;
    const id = command.id as string;
    await admin.json('POST', '/api/v1/task/logs', {
      logs: [{ taskId: id, log: 'from the container\n', stdtype: 'stderr' }],
    });
    const stderr = (await admin.lines(`/api/v1/tasks/${id}/logs?stdtypes=stderr`)) as Obj[];
    expect(stderr.map((l) => l.log)).toEqual(['from the container\n']);
    const fields = (await admin.lines(`/api/v1/tasks/${id}/logs/fields`))[0] as Obj;
    expect(fields.allocationIds).toEqual([`${id}.1`]);
    const followed = fetch(`${env.url}/api/v1/tasks/${id}/logs?follow=true`, {
      headers: { authorization: `Bearer ${await env.login('admin')}` },
    }).then((res) => res.text());
    setTimeout(() => env.mock.state.advance(10_000), 100);
    const lines = (await followed).trim().split('\n');
    expect(lines.at(-1)).toContain('was terminated: allocation exited successfully');
    const missing = await admin.call('GET', '/api/v1/tasks/nope');
    expect(missing.status).toBe(404);
    expect(JSON.stringify(missing.body)).toContain("task 'nope' not found");
  });

  it('answers the harness allocation calls of a running command', async () => {
    const id = (
      (await admin.json('POST', '/api/v1/commands', { config: { entrypoint: 'sleep 100' } })).command as Obj
    ).id as string;
    const alloc = `${id}.1`;
    env.mock.state.advance(5_000);
    expect(((await admin.json('GET', `/api/v1/allocations/${alloc}`)).allocation as Obj).state).toBe(
      'STATE_RUNNING',
    );
    const gathered = await admin.json('POST', `/api/v1/allocations/${alloc}/all_gather`, {
      allocationId: alloc,
      numPeers: 1,
      data: { rank: 0 },
    });
    expect(gathered).toEqual({ data: [{ rank: 0 }] });
    expect(await admin.json('GET', `/api/v1/allocations/${alloc}/signals/preemption`)).toEqual({
      preempt: false,
    });
    await admin.json('POST', `/api/v1/commands/${id}/kill`);
    expect(await admin.json('GET', `/api/v1/allocations/${alloc}/signals/preemption`)).toEqual({
      preempt: true,
    });
    const accel = (await admin.json('GET', `/api/v1/tasks/${id}/acceleratorData`)).acceleratorData as Obj[];
    expect(accel[0]).toMatchObject({ nodeName: 'mock-agent', acceleratorType: 'cpu', taskId: id });
  });

  it('lists a Checkpoint GC task of an experiment while it runs, and lists an experiment trial before it runs', async () => {
    const actions = {
      '1': { action: 'checkpoint' },
      '2': { action: 'report', group: 'training', metrics: { x: 1 } },
      '3': { action: 'checkpoint' },
    };
    const config = JSON.stringify({
      name: 'gc',
      hyperparameters: { actions },
      searcher: { name: 'single', metric: 'x' },
    });
    const id = (
      (await admin.json('POST', '/api/v1/experiments', { config, activate: true })).experiment as Obj
    ).id as number;
    const names = async () =>
      Object.values(
        (await admin.json('GET', '/api/v1/tasks')).allocationIdToSummary as Record<string, Obj>,
      ).map((s) => [s.name, (s.resources as unknown[]).length > 0]);
    env.mock.state.advance(1500);
    expect(await names()).toContainEqual([`Trial 1 (Experiment ${id})`, true]);
    let seen = false;
    for (let i = 0; i < 60 && !seen; i++) {
      env.mock.state.advance(250);
      seen = (await names()).some(([name, held]) => name === `Checkpoint GC (Experiment ${id})` && !held);
    }
    expect(seen).toBe(true);
    // The echo route the e2e helpers poll lists it too.
    const echo = (await admin.json('GET', '/tasks')) as Record<string, Obj>;
    expect(Object.values(echo).map((s) => s.name)).toContain(`Checkpoint GC (Experiment ${id})`);
    env.mock.state.advance(5000);
    expect((await names()).map(([name]) => name)).not.toContain(`Checkpoint GC (Experiment ${id})`);
  });
});
