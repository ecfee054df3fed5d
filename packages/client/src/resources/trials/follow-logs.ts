/**
 * `iterLogs({ follow: true })` across lost connections: when a followed log stream is cut, it is
 * opened again from just before the last line it yielded, and the lines already yielded are
 * skipped, so the caller sees every line once, in order.
 */
import type { StreamItem } from '../../core/operation-types';
import { sleep } from '../../core/retry';
import type { Session } from '../../core/session';
import type { TrialLogsQuery } from '../../lib/log-params';
import { isStreamCut } from './stream-cut';

type TrialLog = StreamItem<'TrialLogs'>;

/** Consecutive reconnects without a new line before the cut is raised to the caller. */
const MAX_RECONNECTS_WITHOUT_PROGRESS = 5;

/** The lines of the last two milliseconds yielded, by id: what a resumed stream may send again. */
class RecentLines {
  #lastMs = Number.NEGATIVE_INFINITY;
  readonly #ids = new Map<string, number>();

  get lastMs(): number {
    return this.#lastMs;
  }

  seen(line: TrialLog): boolean {
    return line.id !== undefined && this.#ids.has(String(line.id));
  }

  add(line: TrialLog): void {
    const ms = Date.parse(line.timestamp ?? '');
    if (Number.isNaN(ms) || line.id === undefined) return;
    if (ms > this.#lastMs) {
      this.#lastMs = ms;
      for (const [id, at] of this.#ids) if (at < ms - 1) this.#ids.delete(id);
    }
    this.#ids.set(String(line.id), ms);
  }
}

/** Follow the logs of `trialId`, reconnecting after cuts; yields each log's `message`. */
export async function* followTrialLogs(
  session: Session,
  trialId: number,
  query: TrialLogsQuery,
  signal: AbortSignal | undefined,
): AsyncGenerator<string, void, undefined> {
  const recent = new RecentLines();
  let failures = 0;
  let current = query;
  while (true) {
    try {
      for await (const line of session.stream(
        'TrialLogs',
        { path: { trialId }, query: current },
        { signal, idleTimeoutMs: null },
      )) {
        if (recent.seen(line)) continue;
        recent.add(line);
        failures = 0;
        yield line.message;
      }
      return;
    } catch (error) {
      failures += 1;
      if (!isStreamCut(error) || failures > MAX_RECONNECTS_WITHOUT_PROGRESS) throw error;
      session.logger.info(`log stream of trial ${trialId} was cut; resuming after its last line`, {
        trialId,
      });
      await sleep(50 * 2 ** (failures - 1), signal);
      // Strictly after a millisecond before the last line: lines sharing its time come again and are skipped.
      if (Number.isFinite(recent.lastMs))
        current = { ...query, timestampAfter: new Date(recent.lastMs - 1).toISOString() };
    }
  }
}
