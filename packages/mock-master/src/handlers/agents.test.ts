import { startForTest } from '../testing/start-for-test';
import { testClient } from './cluster-test-client';

type Obj = Record<string, unknown>;

describe('agents and slots of a scenario cluster', () => {
  const env = startForTest({
    speed: 0,
    seed: 9,
    scenario: {
      resourcePools: [{ name: 'gpu-pool', slotType: 'TYPE_CUDA' }],
      agents: [
        { count: 1, slots: 1 },
        { count: 2, slots: 4, slotType: 'TYPE_CUDA', resourcePool: 'gpu-pool', idPrefix: 'gpu' },
        { count: 1, slots: 2, resourcePool: 'gpu-pool', idPrefix: 'spare', enabled: false },
      ],
    },
  });
  const admin = testClient(env);
  const user = testClient(env, 'determined');
  beforeAll(async () => {
    await admin.login();
    await user.login();
  });
  const advance = (ms: number) => env.mock.state.advance(ms);

  it('lists N agents × M slots per group, with slot statistics, and counts them in their pool', async () => {
    const agents = (await admin.json('GET', '/api/v1/agents')).agents as Obj[];
    expect(agents.map((a) => a.id)).toEqual(['gpu-0', 'gpu-1', 'mock-agent-0', 'spare-0']);
    const gpu = agents[0] as Obj;
    expect(Object.keys(gpu.slots as Obj)).toEqual([0, 1, 2, 3].map((n) => `/agents/gpu-0/slots/${n}`));
    expect((gpu.slotStats as { typeStats: Obj }).typeStats.TYPE_CUDA).toMatchObject({
      total: 4,
      disabled: 0,
    });
    expect(agents[3]).toMatchObject({ enabled: false, resourcePools: ['gpu-pool'] });
    const pools = (await admin.json('GET', '/api/v1/resource-pools')).resourcePools as Obj[];
    expect(pools.find((p) => p.name === 'gpu-pool')).toMatchObject({
      numAgents: 3,
      slotsAvailable: 8,
      slotsUsed: 0,
    });
    const slim = (await admin.json('GET', '/api/v1/agents?excludeSlots=true&excludeContainers=true'))
      .agents as Obj[];
    expect(slim[0]).toMatchObject({ slots: null, containers: null });
  });

  it('places a multi-slot command on one agent, shows it in its slots, and frees them when it exits', async () => {
    const launched = await admin.json('POST', '/api/v1/commands', {
      config: { entrypoint: 'sleep 5', resources: { slots: 3, resource_pool: 'gpu-pool' } },
    });
    const id = (launched.command as Obj).id as string;
    const slots = (await admin.json('GET', '/api/v1/agents/gpu-0/slots')).slots as Obj[];
    expect(slots.filter((s) => s.container !== null)).toHaveLength(3);
    const summary = Object.values(
      (await admin.json('GET', '/api/v1/tasks')).allocationIdToSummary as Record<string, Obj>,
    ).find((s) => s.taskId === id);
    expect(summary).toMatchObject({ slotsNeeded: 3, resourcePool: 'gpu-pool' });
    advance(10_000);
    const after = (await admin.json('GET', '/api/v1/agents/gpu-0/slots')).slots as Obj[];
    expect(after.every((s) => s.container === null)).toBe(true);
    expect(((await admin.json('GET', `/api/v1/commands/${id}`)).command as Obj).state).toBe(
      'STATE_TERMINATED',
    );
  });

  it('kills what runs on a slot disabled without drain, keeps it when draining, and schedules nothing new there', async () => {
    const id = (
      (await admin.json('POST', '/api/v1/commands', { config: { entrypoint: 'sleep 600' } })).command as Obj
    ).id as string;
    const drained = (await admin.json('POST', '/api/v1/agents/mock-agent-0/slots/0/disable', { drain: true }))
      .slot as Obj;
    expect(drained).toMatchObject({ enabled: false, draining: true });
    expect(((await admin.json('GET', `/api/v1/commands/${id}`)).command as Obj).state).not.toBe(
      'STATE_TERMINATING',
    );
    await admin.json('POST', '/api/v1/agents/mock-agent-0/slots/0/disable', { drain: false });
    const killed = (await admin.json('GET', `/api/v1/commands/${id}`)).command as Obj;
    expect(killed.state).toBe('STATE_TERMINATING');
    advance(5_000);
    expect(((await admin.json('GET', `/api/v1/commands/${id}`)).command as Obj).exitStatus).toBe(
      'slot disabled',
    );
    const waiting = (await admin.json('POST', '/api/v1/commands', { config: { entrypoint: 'sleep 1' } }))
      .command as Obj;
    expect(waiting.state).toBe('STATE_QUEUED');
    await admin.json('POST', '/api/v1/agents/mock-agent-0/slots/0/enable');
    expect(((await admin.json('GET', `/api/v1/commands/${waiting.id as string}`)).command as Obj).state).toBe(
      'STATE_PULLING',
    );
  });

  it('lets only admins enable or disable, and names unknown agents like the master', async () => {
    const denied = await user.call('POST', '/api/v1/agents/gpu-0/disable', {});
    expect(denied.status).toBe(403);
    expect(JSON.stringify(denied.body)).toContain('user does not have permission');
    const missing = await admin.call('GET', '/api/v1/agents/nope');
    expect(missing.status).toBe(404);
    expect(JSON.stringify(missing.body)).toContain("agent 'nope' not found");
    const agent = (await admin.json('POST', '/api/v1/agents/spare-0/enable')).agent as Obj;
    expect(agent.enabled).toBe(true);
  });

  it('shows a running trial on a slot, as a task and as an experiment job, until the experiment ends', async () => {
    const created = await admin.json('POST', '/api/v1/experiments', {
      config:
        'searcher: {name: single, metric: loss, max_length: {batches: 100}}\nresources: {resource_pool: gpu-pool, slots_per_trial: 2}\n',
      activate: true,
    });
    const expId = (created.experiment as Obj).id as number;
    advance(3_500);
    const jobs = (await admin.json('GET', '/api/v1/job-queues')).jobs as Obj[];
    expect(jobs.find((j) => j.entityId === String(expId))).toMatchObject({
      type: 'TYPE_EXPERIMENT',
      allocatedSlots: 2,
    });
    const summaries = Object.values(
      (await admin.json('GET', '/api/v1/tasks')).allocationIdToSummary as Record<string, Obj>,
    );
    const trialId = ((await trialsOf(expId))[0] as Obj).id as number;
    expect(summaries.some((s) => s.name === `Trial ${trialId} (Experiment ${expId})`)).toBe(true);
    advance(60_000);
    const after = (await admin.json('GET', '/api/v1/job-queues')).jobs as Obj[];
    expect(after.some((j) => j.entityId === String(expId))).toBe(false);
    const pool = ((await admin.json('GET', '/api/v1/resource-pools')).resourcePools as Obj[]).find(
      (p) => p.name === 'gpu-pool',
    );
    expect(pool?.slotsUsed).toBe(0);
  });

  async function trialsOf(expId: number): Promise<Obj[]> {
    return (await admin.json('GET', `/api/v1/experiments/${expId}/trials`)).trials as Obj[];
  }
});
