import { JOB_TYPES } from '../cluster/task-records';
import type { Wire } from '../cluster/types';
import { invalidArgument, notFound } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import type { MockState } from '../state/mock-state';
import { TERMINAL_EXPERIMENT_STATES } from '../state/records';
import { reply } from './cluster-util';
import { pageOf } from './paging';
import { body, ok, qList, qStr } from './util';

type Job = Wire['v1Job'];

function experimentJobs(state: MockState): Job[] {
  const { cluster } = state;
  return [...state.experiments.values()]
    .filter((e) => !TERMINAL_EXPERIMENT_STATES.has(e.state) && e.state !== 'STATE_DELETING' && !e.unmanaged)
    .map((e) => {
      const settings = cluster.jobs.settings(e.jobId);
      const allocated = [...cluster.trialAllocations.values()]
        .filter((a) => a.experimentId === e.id)
        .reduce((n, a) => n + a.slots, 0);
      const perTrial = cluster.slotsPerTrial(e.config);
      const running = state.trialsOf(e.id).filter((t) => !t.state.match(/COMPLETED|CANCELED|ERROR/)).length;
      return {
        summary: null,
        type: 'TYPE_EXPERIMENT',
        submissionTime: e.startTime,
        username: e.username,
        userId: e.userId,
        resourcePool: e.resourcePool,
        isPreemptible: true,
        priority: settings.priority,
        weight: settings.weight,
        entityId: String(e.id),
        jobId: e.jobId,
        requestedSlots: perTrial * Math.max(running, 1),
        allocatedSlots: allocated,
        name: e.name,
        progress: e.progress ?? 0,
        workspaceId: state.projects.get(e.projectId)?.workspaceId ?? 1,
      } satisfies Job;
    });
}

function taskJobs(state: MockState): Job[] {
  const { cluster } = state;
  return cluster
    .tasksOf()
    .filter((t) => cluster.isActive(t))
    .map((t) => {
      const settings = cluster.jobs.settings(t.jobId);
      return {
        summary: null,
        type: JOB_TYPES[t.kind],
        submissionTime: new Date(t.launchedMs).toISOString(),
        username: t.owner.username,
        userId: t.owner.id,
        resourcePool: t.resourcePool,
        isPreemptible: false,
        priority: settings.priority,
        weight: settings.weight,
        entityId: t.taskId,
        jobId: t.jobId,
        requestedSlots: t.slots,
        allocatedSlots: t.scheduledMs === null ? 0 : t.slots,
        name: t.description,
        progress: 0,
        workspaceId: t.workspaceId,
      } satisfies Job;
    });
}

/** Every job in the queue, in queue order per pool, with its summary (state and jobs ahead). */
export function jobQueue(state: MockState): Job[] {
  state.sync();
  const all = state.cluster.jobs.ordered([...experimentJobs(state), ...taskJobs(state)]);
  const ahead = new Map<string, number>();
  return all.map((job) => {
    const jobsAhead = ahead.get(job.resourcePool) ?? 0;
    ahead.set(job.resourcePool, jobsAhead + 1);
    const scheduled = job.allocatedSlots > 0 || (job.requestedSlots === 0 && isScheduledTask(state, job));
    return { ...job, summary: { state: scheduled ? 'STATE_SCHEDULED' : 'STATE_QUEUED', jobsAhead } };
  });
}

function isScheduledTask(state: MockState, job: Job): boolean {
  const task = state.cluster.tasks.get(job.entityId);
  return task !== undefined && task.scheduledMs !== null;
}

function listed(req: MockRequest, state: MockState): { page: Job[]; pagination: Wire['v1Pagination'] } {
  const pool = qStr(req, 'resourcePool');
  const states = new Set(qList(req, 'states'));
  let jobs = jobQueue(state)
    .filter((j) => pool === undefined || j.resourcePool === pool)
    .filter(
      (j) =>
        states.size === 0 || (j.summary !== null && j.summary !== undefined && states.has(j.summary.state)),
    );
  if (qStr(req, 'orderBy') === 'ORDER_BY_DESC') jobs = jobs.reverse();
  return pageOf(jobs, req);
}

function applyUpdate(state: MockState, update: Wire['v1QueueControl']): void {
  const jobs = jobQueue(state);
  const job = jobs.find((j) => j.jobId === update.jobId);
  if (!job) throw notFound(`job ${update.jobId} not found`);
  const { cluster } = state;
  if (typeof update.priority === 'number' && update.priority !== 0)
    cluster.jobs.setPriority(job.jobId, update.priority);
  if (typeof update.weight === 'number' && update.weight !== 0)
    cluster.jobs.setWeight(job.jobId, update.weight);
  for (const [anchor, where] of [
    [update.aheadOf, 'ahead'],
    [update.behindOf, 'behind'],
  ] as const) {
    if (!anchor) continue;
    if (!jobs.some((j) => j.jobId === anchor)) throw notFound(`job ${anchor} not found`);
    cluster.jobs.moveRelative(job.jobId, anchor, where);
  }
  if (update.resourcePool) {
    if (!state.resourcePools.has(update.resourcePool))
      throw invalidArgument(`resource pool ${update.resourcePool} does not exist`);
    const task = cluster.tasks.get(job.entityId);
    if (task && task.scheduledMs === null) task.resourcePool = update.resourcePool;
    const exp = job.type === 'TYPE_EXPERIMENT' ? state.experiments.get(Number(job.entityId)) : undefined;
    if (exp) exp.resourcePool = update.resourcePool;
  }
}

/** The job queue: listing (v1 and v2), statistics per pool, and queue changes. */
export const jobHandlers: Readonly<Record<string, Handler>> = {
  GetJobs: (req, { state }) => {
    const { page, pagination } = listed(req, state);
    return reply('v1GetJobsResponse', { jobs: page, pagination });
  },
  GetJobsV2: (req, { state }) => {
    const { page, pagination } = listed(req, state);
    return reply('v1GetJobsV2Response', { jobs: page.map((full) => ({ full, limited: null })), pagination });
  },
  GetJobQueueStats: (req, { state }) => {
    const pools = new Set(qList(req, 'resourcePools'));
    const jobs = jobQueue(state);
    const results = [...state.resourcePools.keys()]
      .filter((name) => pools.size === 0 || pools.has(name))
      .map((name) => {
        const mine = jobs.filter((j) => j.resourcePool === name);
        const queuedCount = mine.filter((j) => j.summary?.state === 'STATE_QUEUED').length;
        return {
          resourcePool: name,
          stats: { queuedCount, scheduledCount: mine.length - queuedCount },
          aggregates: [],
        };
      });
    return reply('v1GetJobQueueStatsResponse', { results });
  },
  UpdateJobQueue: (req, { state }) => {
    const updates = (body(req).updates ?? []) as Wire['v1QueueControl'][];
    for (const update of updates) applyUpdate(state, update);
    return ok({});
  },
};
