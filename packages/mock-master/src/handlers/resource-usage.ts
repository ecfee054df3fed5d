import type { Wire } from '../cluster/types';
import { invalidArgument } from '../errors';
import type { Handler } from '../server/types';
import type { MockState } from '../state/mock-state';
import { qStr } from './util';

interface Usage {
  kind: string;
  startMs: number;
  endMs: number;
  experimentId: number;
  username: string;
  userId: number;
  labels: string[];
  pool: string;
  slots: number;
}

/** Every allocation that held slots: trials, and launched tasks once scheduled. */
function usages(state: MockState): Usage[] {
  state.sync();
  const now = state.nowMs();
  const out: Usage[] = [];
  for (const trial of state.trials.values()) {
    const exp = state.experiments.get(trial.experimentId);
    if (!exp) continue;
    out.push({
      kind: 'experiment',
      startMs: Date.parse(trial.startTime),
      endMs: trial.endTime === null ? now : Date.parse(trial.endTime),
      experimentId: exp.id,
      username: exp.username,
      userId: exp.userId,
      labels: [...exp.labels],
      pool: exp.resourcePool,
      slots: state.cluster.slotsPerTrial(exp.config),
    });
  }
  for (const task of state.cluster.tasksOf()) {
    if (task.scheduledMs === null) continue;
    out.push({
      kind: task.kind,
      startMs: task.scheduledMs,
      endMs: task.endMs ?? now,
      experimentId: 0,
      username: task.owner.username,
      userId: task.owner.id,
      labels: [],
      pool: task.resourcePool,
      slots: task.slots,
    });
  }
  return out;
}

function overlapSeconds(u: Usage, fromMs: number, toMs: number): number {
  return (Math.max(Math.min(u.endMs, toMs) - Math.max(u.startMs, fromMs), 0) / 1000) * u.slots;
}

function dayPeriods(
  start: string,
  end: string,
  monthly: boolean,
): Array<{ label: string; from: number; to: number }> {
  const pattern = monthly ? /^\d{4}-\d{2}$/ : /^\d{4}-\d{2}-\d{2}$/;
  const parse = (text: string, what: string) => {
    const ms = pattern.test(text)
      ? Date.parse(monthly ? `${text}-01T00:00:00Z` : `${text}T00:00:00Z`)
      : Number.NaN;
    if (Number.isNaN(ms))
      throw invalidArgument(monthly ? `invalid ${what} date` : `invalid ${what} date parsing time "${text}"`);
    return ms;
  };
  const from = parse(start, 'start');
  const to = parse(end, 'end');
  if (from > to) throw invalidArgument('start date cannot be after end date');
  const periods: Array<{ label: string; from: number; to: number }> = [];
  for (let d = new Date(from); d.getTime() <= to; ) {
    const next = new Date(d);
    if (monthly) next.setUTCMonth(next.getUTCMonth() + 1);
    else next.setUTCDate(next.getUTCDate() + 1);
    periods.push({
      label: d.toISOString().slice(0, monthly ? 7 : 10),
      from: d.getTime(),
      to: next.getTime(),
    });
    d = next;
  }
  return periods;
}

function add(table: Record<string, number>, key: string, seconds: number): void {
  if (seconds > 0) table[key] = (table[key] ?? 0) + seconds;
}

/** Cluster usage: raw allocation entries and daily or monthly aggregates. */
export const resourceUsageHandlers: Readonly<Record<string, Handler>> = {
  ResourceAllocationRaw: (req, { state }) => {
    const after = qStr(req, 'timestampAfter');
    const before = qStr(req, 'timestampBefore');
    if (after === undefined) throw invalidArgument('no start time provided');
    if (before === undefined) throw invalidArgument('no end time provided');
    const from = Date.parse(after);
    const to = Date.parse(before);
    if (from > to) throw invalidArgument('start time cannot be after end time');
    const resourceEntries: Wire['v1ResourceAllocationRawEntry'][] = usages(state)
      .filter((u) => u.endMs >= from && u.startMs <= to)
      .map((u) => ({
        kind: u.kind,
        startTime: new Date(u.startMs).toISOString(),
        endTime: new Date(u.endMs).toISOString(),
        experimentId: u.experimentId,
        username: u.username,
        userId: u.userId,
        labels: u.labels,
        seconds: overlapSeconds(u, from, to),
        slots: u.slots,
      }));
    return { json: { resourceEntries } };
  },
  ResourceAllocationAggregated: (req, { state }) => {
    const period = qStr(req, 'period') ?? 'RESOURCE_ALLOCATION_AGGREGATION_PERIOD_UNSPECIFIED';
    if (period === 'RESOURCE_ALLOCATION_AGGREGATION_PERIOD_UNSPECIFIED')
      throw invalidArgument('no aggregation period specified');
    const monthly = period === 'RESOURCE_ALLOCATION_AGGREGATION_PERIOD_MONTHLY';
    const periods = dayPeriods(qStr(req, 'startDate') ?? '', qStr(req, 'endDate') ?? '', monthly);
    const all = usages(state);
    const resourceEntries: Wire['v1ResourceAllocationAggregatedEntry'][] = periods.map((p) => {
      const entry = {
        periodStart: p.label,
        period: period as Wire['v1ResourceAllocationAggregationPeriod'],
        seconds: 0,
        byUsername: {},
        byExperimentLabel: {},
        byResourcePool: {},
      };
      for (const u of all) {
        const s = overlapSeconds(u, p.from, p.to);
        entry.seconds += s;
        add(entry.byUsername, u.username, s);
        add(entry.byResourcePool, u.pool, s);
        for (const label of u.labels) add(entry.byExperimentLabel, label, s);
      }
      return entry;
    });
    return { json: { resourceEntries } };
  },
};
