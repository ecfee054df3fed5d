import { invalidArgument } from '../errors';
import type { MockRequest } from '../server/types';
import { qBool, qIntList, qList, qStr } from './util';

/** The fields of a log line (trial or task log) the master's log filters read. */
export interface FilterableLogLine {
  readonly timestamp: string;
  readonly log: string;
  readonly level?: string | null | undefined;
  readonly stdtype?: string | null | undefined;
  readonly source?: string | null | undefined;
  readonly agentId?: string | null | undefined;
  readonly containerId?: string | null | undefined;
  readonly rankId?: number | null | undefined;
  readonly allocationId?: string | null | undefined;
}

/**
 * The filter of a `TrialLogs` or `TaskLogs` request: every id/level/stdtype/source list the query
 * names (an empty list keeps all), the timestamp window (exclusive) and `searchText` (a regular
 * expression with `enableRegex`, else a substring). A malformed timestamp or regex is a 400.
 */
export function logLineFilter(req: MockRequest): (line: FilterableLogLine) => boolean {
  const sets = {
    allocationIds: new Set(qList(req, 'allocationIds')),
    agentIds: new Set(qList(req, 'agentIds')),
    containerIds: new Set(qList(req, 'containerIds')),
    rankIds: new Set(qIntList(req, 'rankIds')),
    levels: new Set(qList(req, 'levels')),
    stdtypes: new Set(qList(req, 'stdtypes')),
    sources: new Set(qList(req, 'sources')),
  };
  const before = qStr(req, 'timestampBefore');
  const after = qStr(req, 'timestampAfter');
  const beforeMs = before === undefined ? undefined : Date.parse(before);
  const afterMs = after === undefined ? undefined : Date.parse(after);
  if (Number.isNaN(beforeMs) || Number.isNaN(afterMs)) throw invalidArgument('invalid timestamp filter');
  const search = qStr(req, 'searchText');
  let regex: RegExp | undefined;
  if (search !== undefined && qBool(req, 'enableRegex')) {
    try {
      regex = new RegExp(search);
    } catch {
      throw invalidArgument(`invalid regular expression ${search}`);
    }
  }
  const has = <T>(set: Set<T>, v: T | null | undefined): boolean =>
    set.size === 0 || (v !== undefined && v !== null && set.has(v));
  return (l) => {
    const t = Date.parse(l.timestamp);
    return (
      has(sets.allocationIds, l.allocationId) &&
      has(sets.agentIds, l.agentId) &&
      has(sets.containerIds, l.containerId) &&
      has(sets.rankIds, l.rankId) &&
      has(sets.levels, l.level) &&
      has(sets.stdtypes, l.stdtype) &&
      has(sets.sources, l.source) &&
      (beforeMs === undefined || t < beforeMs) &&
      (afterMs === undefined || t > afterMs) &&
      (search === undefined || (regex ? regex.test(l.log) : l.log.includes(search)))
    );
  };
}
