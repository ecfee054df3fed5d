/**
 * Metric streams of the Python SDK (section 2.7): `iterTrialsMetrics` and the deprecated
 * training/validation streams. All are lazy: nothing is sent until iteration starts.
 */
import type { components } from '@determined-ts/bindings';
import { type MetricsReport, TrainingMetrics, TrialMetrics, ValidationMetrics } from './facade/metrics';
import type { Session } from './session';

type MetricsLine = components['schemas']['v1GetMetricsResponse'];

const TRIAL_METRICS = { path: '/api/v1/trials/metrics/trial_metrics', schema: 'v1GetMetricsResponse' };
const TRAINING_METRICS = {
  path: '/api/v1/trials/metrics/training_metrics',
  schema: 'v1GetTrainingMetricsResponse',
};
const VALIDATION_METRICS = {
  path: '/api/v1/trials/metrics/validation_metrics',
  schema: 'v1GetValidationMetricsResponse',
};

/** Options of the metric streams. */
export interface MetricsStreamOptions {
  /** Cancels the stream (iteration then rejects with `AbortError`). */
  readonly signal?: AbortSignal | undefined;
  /** Longest wait for the answer and then for each chunk, in ms (`null`/`0`: none). */
  readonly idleTimeoutMs?: number | null | undefined;
}

async function* reportsOf(
  session: Session,
  endpoint: { path: string; schema: string },
  query: Record<string, unknown>,
  options: MetricsStreamOptions,
): AsyncGenerator<MetricsReport, void, undefined> {
  const lines = session.stream<MetricsLine>(endpoint.path, {
    query,
    schema: endpoint.schema,
    signal: options.signal,
    ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
  });
  for await (const line of lines) yield* line.metrics;
}

/**
 * Every stored, non-archived metrics report of `group` for the given trials (trial IDs ascending,
 * each by increasing batches), as `TrialMetrics`, lazily:
 * `GET /api/v1/trials/metrics/trial_metrics?trialIds=…&group=…`. The stream ends once the
 * master has sent what it has (it does not follow new reports).
 */
export async function* iterTrialsMetrics(
  session: Session,
  trialIds: readonly number[],
  group: string,
  options: MetricsStreamOptions = {},
): AsyncGenerator<TrialMetrics, void, undefined> {
  const query = { trialIds: [...trialIds], group };
  for await (const report of reportsOf(session, TRIAL_METRICS, query, options)) {
    yield TrialMetrics.fromReport(report, group);
  }
}

/**
 * Deprecated upstream (the `Determined` method that calls it warns): the training reports of the
 * given trials as `TrainingMetrics`, from `GET /api/v1/trials/metrics/training_metrics`. Lazy.
 */
export async function* streamTrialsTrainingMetrics(
  session: Session,
  trialIds: readonly number[],
  options: MetricsStreamOptions = {},
): AsyncGenerator<TrainingMetrics, void, undefined> {
  const query = { trialIds: [...trialIds] };
  for await (const report of reportsOf(session, TRAINING_METRICS, query, options)) {
    yield TrainingMetrics.fromReport(report);
  }
}

/**
 * Deprecated upstream (the `Determined` method that calls it warns): the validation reports of
 * the given trials as `ValidationMetrics`, from `GET /api/v1/trials/metrics/validation_metrics`.
 * Lazy.
 */
export async function* streamTrialsValidationMetrics(
  session: Session,
  trialIds: readonly number[],
  options: MetricsStreamOptions = {},
): AsyncGenerator<ValidationMetrics, void, undefined> {
  const query = { trialIds: [...trialIds] };
  for await (const report of reportsOf(session, VALIDATION_METRICS, query, options)) {
    yield ValidationMetrics.fromReport(report);
  }
}
