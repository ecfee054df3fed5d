import { setTimeout as sleep } from 'node:timers/promises';
import { allocationIdOf } from '../cluster/scheduler';
import type { TaskLogRecord } from '../cluster/task-records';
import { invalidArgument } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import type { MockState } from '../state/mock-state';
import { TERMINAL_TRIAL_STATES } from '../state/records';
import { logLineFilter } from './log-filter';
import { type AnyTask, findTask, trialTaskId } from './task-view';
import { body, ok, pathStr, qBool, qInt, qStr } from './util';

/** Real milliseconds between polls of a followed task log. */
const FOLLOW_POLL_MS = 25;

function linesOf(state: MockState, t: AnyTask): TaskLogRecord[] {
  if (t.kind === 'task') return t.task.logs;
  const taskId = trialTaskId(t.trial);
  return state.logs.of(t.trial.id).map((l) => ({
    id: l.id,
    timestamp: l.timestamp,
    message: l.message,
    level: l.level as TaskLogRecord['level'],
    taskId,
    allocationId: allocationIdOf(taskId),
    agentId: l.agentId ?? null,
    containerId: l.containerId ?? null,
    rankId: l.rankId ?? null,
    log: l.log,
    source: l.source,
    stdtype: l.stdtype,
  }));
}

function done(state: MockState, t: AnyTask): boolean {
  if (t.kind === 'task') return !state.cluster.isActive(t.task);
  const trial = state.trials.get(t.trial.id);
  return trial === undefined || TERMINAL_TRIAL_STATES.has(trial.state);
}

async function* follow(
  state: MockState,
  req: MockRequest,
  t: AnyTask,
  keep: (l: TaskLogRecord) => boolean,
  limit: number,
) {
  let sent = 0;
  let index = 0;
  while (!req.signal.aborted && !state.isClosed) {
    state.sync();
    const finished = done(state, t);
    const lines = linesOf(state, t);
    for (; index < lines.length; index++) {
      const line = lines[index];
      if (line === undefined || !keep(line)) continue;
      yield { result: line };
      if (limit > 0 && ++sent >= limit) return;
    }
    if (finished) return;
    await sleep(FOLLOW_POLL_MS, undefined, { signal: req.signal }).catch(() => undefined);
  }
}

async function* items<T>(list: readonly T[]) {
  for (const result of list) yield { result };
}

/** Task logs (NDJSON, with follow) and posting log lines. */
export const taskLogHandlers: Readonly<Record<string, Handler>> = {
  TaskLogs: (req, { state }) => {
    const t = findTask(state, pathStr(req, 'taskId'));
    const limit = qInt(req, 'limit') ?? 0;
    if (limit < 0) throw invalidArgument('limit must be >= 0');
    const keep = logLineFilter(req);
    const desc = qStr(req, 'orderBy') === 'ORDER_BY_DESC';
    if (qBool(req, 'follow') && !desc) return { ndjson: follow(state, req, t, keep, limit) };
    let lines = linesOf(state, t).filter(keep);
    if (desc) lines = [...lines].reverse();
    if (limit > 0) lines = lines.slice(0, limit);
    return { ndjson: items(lines) };
  },
  TaskLogsFields: (req, { state }) => {
    const lines = linesOf(state, findTask(state, pathStr(req, 'taskId')));
    const uniq = <T>(xs: Array<T | null | undefined>): T[] => [
      ...new Set(xs.filter((x): x is T => x !== undefined && x !== null)),
    ];
    const fields = {
      allocationIds: uniq(lines.map((l) => l.allocationId)),
      agentIds: uniq(lines.map((l) => l.agentId)),
      containerIds: uniq(lines.map((l) => l.containerId)),
      rankIds: uniq(lines.map((l) => l.rankId)),
      stdtypes: uniq(lines.map((l) => l.stdtype)),
      sources: uniq(lines.map((l) => l.source)),
    };
    return { ndjson: items([fields]) };
  },
  PostTaskLogs: (req, { state }) => {
    const logs = (body(req).logs ?? []) as Array<Record<string, unknown>>;
    for (const entry of logs) {
      const t = findTask(state, String(entry.taskId ?? ''));
      const text = String(entry.log ?? '');
      const atMs = typeof entry.timestamp === 'string' ? Date.parse(entry.timestamp) : state.nowMs();
      const level = typeof entry.level === 'string' ? entry.level : 'LOG_LEVEL_INFO';
      if (t.kind === 'trial') {
        state.logs.add({
          trialId: t.trial.id,
          atMs,
          log: text,
          level,
          stdtype: String(entry.stdtype ?? 'stdout'),
        });
        continue;
      }
      const task = t.task;
      task.logs.push({
        id: `${task.taskId}-${task.logs.length + 1}`,
        timestamp: new Date(atMs).toISOString(),
        message: text,
        level: level as TaskLogRecord['level'],
        taskId: task.taskId,
        allocationId: typeof entry.allocationId === 'string' ? entry.allocationId : task.allocationId,
        agentId: typeof entry.agentId === 'string' ? entry.agentId : task.agentId,
        containerId: typeof entry.containerId === 'string' ? entry.containerId : task.containerId,
        rankId: typeof entry.rankId === 'number' ? entry.rankId : null,
        log: text,
        source: typeof entry.source === 'string' ? entry.source : 'agent',
        stdtype: typeof entry.stdtype === 'string' ? entry.stdtype : 'stdout',
      });
    }
    return ok({});
  },
};
