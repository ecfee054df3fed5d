import { setTimeout as sleep } from 'node:timers/promises';
import { invalidArgument } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import { chunked } from '../state/metrics-store';
import type { MockState } from '../state/mock-state';
import { TERMINAL_TRIAL_STATES, type TrialLogRecord } from '../state/records';
import { logLineFilter } from './log-filter';
import { pathInt, qBool, qInt, qIntList, qStr } from './util';

/** Real milliseconds between polls of a followed log. */
export const FOLLOW_POLL_MS = 25;

function trialDone(state: MockState, trialId: number): boolean {
  const trial = state.trials.get(trialId);
  return trial === undefined || TERMINAL_TRIAL_STATES.has(trial.state);
}

async function* followLogs(
  state: MockState,
  req: MockRequest,
  trialId: number,
  keep: (l: TrialLogRecord) => boolean,
  limit: number,
): AsyncGenerator<unknown> {
  let sent = 0;
  let index = 0;
  while (!req.signal.aborted && !state.isClosed) {
    state.sync();
    const done = trialDone(state, trialId);
    const lines = state.logs.of(trialId);
    for (; index < lines.length; index++) {
      const line = lines[index];
      if (line === undefined || !keep(line)) continue;
      yield { result: line };
      if (limit > 0 && ++sent >= limit) return;
    }
    if (done) return;
    await sleep(FOLLOW_POLL_MS, undefined, { signal: req.signal }).catch(() => undefined);
  }
}

async function* fromIterable<T>(items: Iterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  for (const item of items) {
    if (signal.aborted) return;
    yield item;
  }
}

function metricsStream(state: MockState, req: MockRequest, group: string | null): AsyncIterable<unknown> {
  const ids = qIntList(req, 'trialIds');
  if (ids.length === 0) throw invalidArgument('at least one trial id is required');
  for (const id of ids) state.trial(id);
  const chunks = chunked(state.metrics.iterate(ids, group), 1000);
  return fromIterable(
    (function* () {
      for (const metrics of chunks) yield { result: { metrics } };
    })(),
    req.signal,
  );
}

/** Log and metric streaming handlers (NDJSON). */
export const streamHandlers: Readonly<Record<string, Handler>> = {
  TrialLogs: (req, { state }) => {
    state.sync();
    const trialId = pathInt(req, 'trialId');
    state.trial(trialId);
    const limit = qInt(req, 'limit') ?? 0;
    if (limit < 0) throw invalidArgument('limit must be >= 0');
    const keep = logLineFilter(req);
    if (qBool(req, 'follow') && !isDescending(req))
      return { ndjson: followLogs(state, req, trialId, keep, limit) };
    let lines = state.logs.of(trialId).filter(keep);
    if (isDescending(req)) lines = [...lines].reverse();
    if (limit > 0) lines = lines.slice(0, limit);
    return {
      ndjson: fromIterable(
        lines.map((result) => ({ result })),
        req.signal,
      ),
    };
  },
  TrialLogsFields: (req, { state }) => {
    const trialId = pathInt(req, 'trialId');
    state.trial(trialId);
    const lines = state.logs.of(trialId);
    const uniq = <T>(xs: Array<T | undefined>): T[] => [
      ...new Set(xs.filter((x): x is T => x !== undefined)),
    ];
    const fields = {
      agentIds: uniq(lines.map((l) => l.agentId)),
      containerIds: uniq(lines.map((l) => l.containerId)),
      rankIds: uniq(lines.map((l) => l.rankId)),
      stdtypes: uniq(lines.map((l) => l.stdtype)),
      sources: uniq(lines.map((l) => l.source)),
    };
    return { ndjson: fromIterable([{ result: fields }], req.signal) };
  },
  GetMetrics: (req, { state }) => {
    state.sync();
    return { ndjson: metricsStream(state, req, qStr(req, 'group') ?? null) };
  },
  GetTrainingMetrics: (req, { state }) => {
    state.sync();
    return { ndjson: metricsStream(state, req, 'training') };
  },
  GetValidationMetrics: (req, { state }) => {
    state.sync();
    return { ndjson: metricsStream(state, req, 'validation') };
  },
};

function isDescending(req: MockRequest): boolean {
  return qStr(req, 'orderBy') === 'ORDER_BY_DESC';
}
