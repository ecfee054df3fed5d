import type { operations } from '@determined-ts/bindings';
/**
 * The query of `GET /api/v1/trials/{id}/logs` built from `Trial.iterLogs` options (Python SDK
 * section 4), with the same validation and in the same order as upstream.
 */
import { InvalidArgumentError } from '../core/errors';
import { type LogLevel, levelsAtOrAbove, OrderBy } from './enums';
import { toLogTimestamp } from './timestamps';

/** Options of `Trial.iterLogs` (Python `iter_logs`). */
export interface IterLogsOptions {
  /** Keep the stream open until the trial ends. */
  follow?: boolean | undefined;
  /** Only the first `head` lines. */
  head?: number | undefined;
  /** Only the last `tail` lines (yielded oldest first). */
  tail?: number | undefined;
  /** Only lines from these containers. */
  containerIds?: readonly string[] | undefined;
  /** Only lines from these distributed-training ranks. */
  rankIds?: readonly number[] | undefined;
  /** Only lines from these output streams (`stdout`, `stderr`). */
  stdtypes?: readonly string[] | undefined;
  /** This level and every more severe one. */
  minLevel?: LogLevel | undefined;
  /**
   * `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`, or epoch seconds (formatted in local time, as upstream). A
   * fraction of a second is kept to the microsecond, where Python accepts whole seconds only.
   */
  timestampBefore?: string | number | undefined;
  /** Same format as `timestampBefore`. */
  timestampAfter?: string | number | undefined;
  /** Only lines from these sources (e.g. `agent`, `master`). */
  sources?: readonly string[] | undefined;
  /** Only lines whose text contains this substring. */
  searchText?: string | undefined;
}

/** Query parameters of the trial-logs request; arrays are sent as repeated keys. */
export type TrialLogsQuery = NonNullable<operations['TrialLogs']['parameters']['query']> & {
  follow: boolean;
};

/** The request to make and how to yield its results. */
export interface TrialLogsRequest {
  query: TrialLogsQuery;
  /** With `tail` the (descending) response must be collected and yielded reversed. */
  reverse: boolean;
}

function checkCount(name: 'head' | 'tail', value: number | undefined): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new InvalidArgumentError(`${name} must be an integer, got ${String(value)}`);
  }
  if (value < 0) throw new InvalidArgumentError(`${name} must be non-negative, got ${value}`);
}

type ListKey = 'containerIds' | 'rankIds' | 'sources' | 'stdtypes';

function setList<K extends ListKey>(
  query: TrialLogsQuery,
  key: K,
  list: readonly NonNullable<TrialLogsQuery[K]>[number][] | undefined,
): void {
  // An empty list sends no key at all, as with Python requests.
  if (list !== undefined && list.length > 0) query[key] = [...list] as TrialLogsQuery[K];
}

/**
 * Validate `iterLogs` options and build the request (call it when iteration starts: upstream
 * validates lazily). Throws `InvalidArgumentError` for a negative `head`/`tail`, a badly
 * formatted timestamp, or more than one of `head`, `tail`, `follow`.
 */
export function trialLogsRequest(options: IterLogsOptions = {}): TrialLogsRequest {
  const { head, tail } = options;
  checkCount('head', head);
  checkCount('tail', tail);
  const before = options.timestampBefore === undefined ? undefined : toLogTimestamp(options.timestampBefore);
  const after = options.timestampAfter === undefined ? undefined : toLogTimestamp(options.timestampAfter);
  const follow = options.follow === true;
  if ([head !== undefined, tail !== undefined, follow].filter(Boolean).length > 1) {
    throw new InvalidArgumentError('at most one of head, tail, or follow may be set');
  }
  const query: TrialLogsQuery = { follow };
  // Python sends `limit=head or tail`: head=0 sends nothing, tail=0 sends limit=0 (unlimited).
  const limit = head ? head : tail;
  if (limit !== undefined) query.limit = limit;
  if (tail !== undefined) query.orderBy = OrderBy.DESC;
  if (options.minLevel !== undefined) query.levels = levelsAtOrAbove(options.minLevel);
  setList(query, 'containerIds', options.containerIds);
  setList(query, 'rankIds', options.rankIds);
  setList(query, 'sources', options.sources);
  setList(query, 'stdtypes', options.stdtypes);
  if (before !== undefined) query.timestampBefore = before;
  if (after !== undefined) query.timestampAfter = after;
  if (options.searchText !== undefined) query.searchText = options.searchText;
  return { query, reverse: tail !== undefined };
}
