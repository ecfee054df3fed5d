import { startForTest } from '../testing/start-for-test';
import { testClient } from './cluster-test-client';

type Obj = Record<string, unknown>;

describe('commands, notebooks, shells and tensorboards on the simulated cluster', () => {
  const env = startForTest({ speed: 0, seed: 5 });
  const admin = testClient(env);
  beforeAll(() => admin.login());
  const advance = (ms: number) => env.mock.state.advance(ms);

  it('launches a command that is a task, an allocation and a queued job, runs on the agent slot, and is killed', async () => {
    const launched = await admin.json('POST', '/api/v1/commands', {
      config: { entrypoint: ['sleep', '600'], description: 'long sleep' },
    });
    const command = launched.command as Obj;
    const id = command.id as string;
    expect(command).toMatchObject({ description: 'long sleep', username: 'admin', workspaceId: 1 });
    expect(command.state).toBe('STATE_PULLING');

    const tasks = (await admin.json('GET', '/api/v1/tasks')).allocationIdToSummary as Record<string, Obj>;
    expect(Object.values(tasks).map((t) => t.taskId)).toContain(id);
    const task = (await admin.json('GET', `/api/v1/tasks/${id}`)).task as Obj;
    expect(task).toMatchObject({ taskId: id, taskType: 'TASK_TYPE_COMMAND' });
    const jobs = (await admin.json('GET', '/api/v1/job-queues')).jobs as Obj[];
    expect(jobs.find((j) => j.entityId === id)).toMatchObject({ type: 'TYPE_COMMAND', jobId: command.jobId });

    advance(5_000);
    expect(((await admin.json('GET', `/api/v1/commands/${id}`)).command as Obj).state).toBe('STATE_RUNNING');
    const agent = (await admin.json('GET', '/api/v1/agents/mock-agent')).agent as Obj;
    const slot = (agent.slots as Record<string, Obj>)['/agents/mock-agent/slots/0'];
    expect(slot?.container).toMatchObject({ state: 'STATE_RUNNING' });
    const containerId = ((slot?.container ?? {}) as Obj).id as string;
    expect((agent.containers as Record<string, Obj>)[containerId]).toBeDefined();

    const killed = (await admin.json('POST', `/api/v1/commands/${id}/kill`)).command as Obj;
    expect(killed.state).toBe('STATE_TERMINATING');
    advance(5_000);
    const after = (await admin.json('GET', `/api/v1/commands/${id}`)).command as Obj;
    expect(after).toMatchObject({ state: 'STATE_TERMINATED', exitStatus: 'resources were killed' });
    const freed = (await admin.json('GET', '/api/v1/agents/mock-agent/slots/0')).slot as Obj;
    expect(freed.container).toBeNull();
    expect(
      ((await admin.json('GET', '/api/v1/job-queues')).jobs as Obj[]).some((j) => j.entityId === id),
    ).toBe(false);
  });

  it('queues a second command behind the first on the single slot, then runs it and logs its echo', async () => {
    const first = (
      (await admin.json('POST', '/api/v1/commands', { config: { entrypoint: 'sleep 10' } })).command as Obj
    ).id as string;
    const second = (
      await admin.json('POST', '/api/v1/commands', { config: { entrypoint: ['echo', 'hello', 'mock'] } })
    ).command as Obj;
    expect(second.state).toBe('STATE_QUEUED');
    const stats = (await admin.json('GET', '/api/v1/job-queues/stats')).results as Obj[];
    expect(stats.find((s) => s.resourcePool === 'default')?.stats).toEqual({
      queuedCount: 1,
      scheduledCount: 1,
    });
    advance(13_000);
    expect(((await admin.json('GET', `/api/v1/commands/${first}`)).command as Obj).state).toBe(
      'STATE_TERMINATED',
    );
    advance(4_000);
    const done = (await admin.json('GET', `/api/v1/commands/${second.id as string}`)).command as Obj;
    expect(done).toMatchObject({ state: 'STATE_TERMINATED', exitStatus: 'allocation exited successfully' });
    const logs = (await admin.lines(`/api/v1/tasks/${second.id as string}/logs`)) as Obj[];
    expect(logs.map((l) => l.log)).toContain('hello mock\n');
  });

  it('launches a notebook, a shell and a tensorboard from a template and lists and counts them', async () => {
    await admin.json('POST', '/api/v1/templates/small', {
      name: 'small',
      config: { resources: { slots: 0 } },
      workspaceId: 1,
    });
    const notebook = (await admin.json('POST', '/api/v1/notebooks', {
      templateName: 'small',
      config: { description: 'nb' },
    })) as Obj;
    expect((notebook.config as Obj).resources).toMatchObject({ slots: 0 });
    expect((notebook.notebook as Obj).serviceAddress).toMatch(/^\/proxy\/.+\/\?token=/);
    const shell = (await admin.json('POST', '/api/v1/shells', { templateName: 'small' })).shell as Obj;
    expect(shell.publicKey).toMatch(/^ssh-ed25519 /);
    const exp = await admin.json('POST', '/api/v1/experiments', {
      config: 'searcher: {name: single, metric: loss, max_length: 100}',
      activate: false,
    });
    const expId = (exp.experiment as Obj).id as number;
    const tb = (await admin.json('POST', '/api/v1/tensorboards', { experimentIds: [expId] }))
      .tensorboard as Obj;
    expect(tb.experimentIds).toEqual([expId]);
    const missing = await admin.call('POST', '/api/v1/tensorboards', {});
    expect(missing.status).toBe(400);
    const counts = await admin.json('GET', '/api/v1/tasks/count');
    expect(counts).toMatchObject({ notebooks: 1, shells: 1, tensorboards: 1 });
    const listed = (await admin.json('GET', '/api/v1/notebooks?users=admin')).notebooks as Obj[];
    expect(listed.map((n) => n.id)).toEqual([(notebook.notebook as Obj).id]);
    const unknown = await admin.call('GET', '/api/v1/shells/no-such-shell');
    expect(unknown.status).toBe(404);
  });
});
