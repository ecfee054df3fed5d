import { startForTest } from '../testing/start-for-test';
import { testClient } from './cluster-test-client';

type Obj = Record<string, unknown>;

describe('the job queue', () => {
  const env = startForTest({ speed: 0, seed: 10 });
  const admin = testClient(env);
  beforeAll(() => admin.login());
  const launch = async (seconds: number) =>
    (await admin.json('POST', '/api/v1/commands', { config: { entrypoint: `sleep ${seconds}` } }))
      .command as Obj;

  it('orders jobs per pool, with jobs ahead, and lets priority and position changes decide who runs next', async () => {
    const first = await launch(10);
    const second = await launch(10);
    const third = await launch(10);
    const jobs = (await admin.json('GET', '/api/v1/job-queues')).jobs as Obj[];
    expect(jobs.map((j) => [j.entityId, (j.summary as Obj).state, (j.summary as Obj).jobsAhead])).toEqual([
      [first.id, 'STATE_SCHEDULED', 0],
      [second.id, 'STATE_QUEUED', 1],
      [third.id, 'STATE_QUEUED', 2],
    ]);
    await admin.json('POST', '/api/v1/job-queues', {
      updates: [{ jobId: third.jobId, aheadOf: second.jobId }],
    });
    const queued = (await admin.json('GET', '/api/v1/job-queues?states=STATE_QUEUED')).jobs as Obj[];
    expect(queued.map((j) => j.entityId)).toEqual([third.id, second.id]);
    const v2 = (await admin.json('GET', '/api/v1/job-queues-v2?limit=1')).jobs as Obj[];
    expect(v2).toEqual([{ full: expect.objectContaining({ entityId: first.id }), limited: null }]);
    env.mock.state.advance(13_000);
    const running = (await admin.json('GET', `/api/v1/commands/${third.id as string}`)).command as Obj;
    expect(running.state).not.toBe('STATE_QUEUED');
    expect(((await admin.json('GET', `/api/v1/commands/${second.id as string}`)).command as Obj).state).toBe(
      'STATE_QUEUED',
    );
    const stats = (await admin.json('GET', '/api/v1/job-queues/stats')).results as Obj[];
    expect(stats.find((s) => s.resourcePool === 'default')?.stats).toEqual({
      queuedCount: 1,
      scheduledCount: 1,
    });
  });

  it('refuses unknown jobs and out-of-range priorities', async () => {
    expect(
      (await admin.call('POST', '/api/v1/job-queues', { updates: [{ jobId: 'nope', priority: 3 }] })).status,
    ).toBe(404);
    const job = await launch(1);
    expect(
      (await admin.call('POST', '/api/v1/job-queues', { updates: [{ jobId: job.jobId, priority: 100 }] }))
        .status,
    ).toBe(400);
  });
});
