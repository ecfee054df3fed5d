/**
 * Metric streams of the Python SDK (section 2.7): `iterTrialsMetrics` and the deprecated
 * training/validation streams. All are lazy: nothing is sent until iteration starts.
 */
import { flattenBatches } from '../../core/flatten-batches';
import type { SignalOption } from '../../core/method-options';
import type { Session } from '../../core/session';
import { type MetricsReport, TrainingMetrics, TrialMetrics, ValidationMetrics } from '../../lib/metrics';

/** Options of the metric streams. */
export interface MetricsStreamOptions extends SignalOption {
  /** Longest wait for the answer and then for each chunk, in ms (`null`/`0`: none). */
  readonly idleTimeoutMs?: number | null | undefined;
}

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
 * master has sent what it has (it does not follow new reports).
 */
export function iterTrialsMetrics(
  session: Session,
  trialIds: readonly number[],
  group: string,
  options: MetricsStreamOptions = {},
): AsyncGenerator<TrialMetrics, void, undefined> {
  const lines = session.stream('GetMetrics', { query: { trialIds, group } }, streamOptions(options));
  return reportsOf(lines, (report) => TrialMetrics.fromReport(report, group));
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
