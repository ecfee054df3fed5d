/**
 * Metric streams of the Python SDK (section 2.7): `iterTrialsMetrics` and the deprecated
 * training/validation streams. All are lazy: nothing is sent until iteration starts.
 */
import { flattenBatches } from '../../core/flatten-batches';
import type { SignalOption } from '../../core/method-options';
import type { Session } from '../../core/session';
import { type MetricsReport, TrainingMetrics, TrialMetrics, ValidationMetrics } from '../../lib/metrics';
import { type FollowMetricsOptions, followIntervalMs, followTrialsMetrics } from './follow-metrics';

/** Options of the metric streams. */
export interface MetricsStreamOptions extends SignalOption {
  /** Longest wait for the answer and then for each chunk, in ms (`null`/`0`: none). */
  readonly idleTimeoutMs?: number | null | undefined;
}

/** Options of `iterTrialsMetrics` and `Trial.iterMetrics`: the stream options plus `follow`. */
export interface IterTrialsMetricsOptions extends MetricsStreamOptions, FollowMetricsOptions {}

type Line = { readonly metrics: readonly MetricsReport[] };

/**
 * The reports of every line, built by `build`: one await per line (1,000 reports on a real
 * master), the rows of a line handed out from memory.
 */
function reportsOf<T>(
  lines: AsyncIterable<Line>,
  build: (report: MetricsReport) => T,
): AsyncGenerator<T, void, undefined> {
  return flattenBatches(lines, { itemsOf: (line) => line.metrics, map: build });
}

function streamOptions(options: MetricsStreamOptions): MetricsStreamOptions {
  return {
    signal: options.signal,
    ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
  };
}

/**
 * Every stored, non-archived metrics report of `group` for the given trials (trial IDs ascending,
 * each by increasing batches), as `TrialMetrics`, lazily:
 * `GET /api/v1/trials/metrics/trial_metrics?trialIds=…&group=…`. The stream ends once the
 * master has sent what it has, as in Python. With `follow: true` it reads again every `intervalMs`
 * (default 1000), yields only new reports (each trial's by increasing steps, none twice) and ends
 * once every trial is terminal, after a last read that holds what they reported at the end;
 * `signal` stops it with `AbortError`. Options of the wrong type throw `InvalidArgumentError` at
 * the call.
 */
export function iterTrialsMetrics(
  session: Session,
  trialIds: readonly number[],
  group: string,
  options: IterTrialsMetricsOptions = {},
): AsyncGenerator<TrialMetrics, void, undefined> {
  const intervalMs = followIntervalMs(options);
  const read = (ids: readonly number[]): AsyncGenerator<TrialMetrics, void, undefined> => {
    const lines = session.stream('GetMetrics', { query: { trialIds: ids, group } }, streamOptions(options));
    return reportsOf(lines, (report) => TrialMetrics.fromReport(report, group));
  };
  if (intervalMs === null) return read(trialIds);
  return followTrialsMetrics(session, trialIds, { intervalMs, signal: options.signal, read });
}

/**
 * Deprecated upstream (the `Determined` method that calls it warns): the training reports of the
 * given trials as `TrainingMetrics`, from `GET /api/v1/trials/metrics/training_metrics`. Lazy.
 */
export function streamTrialsTrainingMetrics(
  session: Session,
  trialIds: readonly number[],
  options: MetricsStreamOptions = {},
): AsyncGenerator<TrainingMetrics, void, undefined> {
  const lines = session.stream('GetTrainingMetrics', { query: { trialIds } }, streamOptions(options));
  return reportsOf(lines, (report) => TrainingMetrics.fromReport(report));
}

/**
 * Deprecated upstream (the `Determined` method that calls it warns): the validation reports of
 * the given trials as `ValidationMetrics`, from `GET /api/v1/trials/metrics/validation_metrics`.
 * Lazy.
 */
export function streamTrialsValidationMetrics(
  session: Session,
  trialIds: readonly number[],
  options: MetricsStreamOptions = {},
): AsyncGenerator<ValidationMetrics, void, undefined> {
  const lines = session.stream('GetValidationMetrics', { query: { trialIds } }, streamOptions(options));
  return reportsOf(lines, (report) => ValidationMetrics.fromReport(report));
}
