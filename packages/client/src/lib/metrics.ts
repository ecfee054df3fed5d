/**
 * Metric report objects (Python SDK section 7): `TrialMetrics` and the deprecated
 * `TrainingMetrics` / `ValidationMetrics`.
 */
import { DeterminedError } from '../core/errors';
import { isRecord } from '../core/is-record';
import { parseApiTimestamp } from './timestamps';

/** A `v1MetricsReport` as the master serves it. */
export interface MetricsReport {
  /** ID of the trial that reported the metrics. */
  readonly trialId: number;
  /** ID of the trial run (restart) that reported them. */
  readonly trialRunId: number;
  /** Batches the trial had trained when it reported (becomes `stepsCompleted`). */
  readonly totalBatches: number;
  /** RFC 3339 time of the report. */
  readonly endTime: string;
  /** Raw reported payload, e.g. `{avg_metrics, batch_metrics}` or `{validation_metrics}`. */
  readonly metrics: Readonly<Record<string, unknown>>;
  /** Metric group: `training`, `validation` or a custom group. */
  readonly group: string;
  /** ID of the report row on the master. */
  readonly id?: number;
  /** Whether the report belongs to an archived (superseded) trial run. */
  readonly archived?: boolean;
}

/** Fields of a metrics record; `totalBatches` is the deprecated alias of `stepsCompleted`. */
export type TrialMetricsInit = {
  /** ID of the trial that reported the metrics. */
  trialId: number;
  /** ID of the trial run that reported the metrics. */
  trialRunId: number;
  /** When the metrics were reported. */
  endTime: Date;
  /** The reported metrics. */
  metrics: Record<string, unknown>;
  /** The metric group, e.g. `training` or `validation`. */
  group: string;
  /** Upstream's `batch_metrics` (default `null`). */
  batchMetrics?: Record<string, unknown>[] | null;
} & (
  | {
      /** Steps the trial had completed when it reported. */
      stepsCompleted: number;
      /** Deprecated alias of `stepsCompleted`; wins when both are given. */
      totalBatches?: number;
    }
  | {
      /** Deprecated alias of `stepsCompleted`; wins when both are given. */
      totalBatches: number;
      /** Steps the trial had completed when it reported. */
      stepsCompleted?: number;
    }
);

/** A metrics report lacks the payload key its group requires. */
export class MalformedMetricsReportError extends DeterminedError {
  /** Always `'MalformedMetricsReportError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'MalformedMetricsReportError';
}

/** Metrics that a trial reported under some group. */
export class TrialMetrics {
  /** ID of the trial that reported the metrics. */
  trialId: number;
  /** ID of the trial run that reported the metrics. */
  trialRunId: number;
  /** Steps the trial had completed when it reported (`totalBatches` on the wire). */
  stepsCompleted: number;
  /** When the metrics were reported, to the whole second. */
  endTime: Date;
  /** The reported metrics (`avg_metrics`, or `validation_metrics` for the validation group). */
  metrics: Record<string, unknown>;
  /** The metric group, e.g. `training`, `validation` or any custom group. */
  group: string;
  /** Do not use (upstream's `batch_metrics`). */
  batchMetrics: Record<string, unknown>[] | null;

  constructor(init: TrialMetricsInit) {
    this.trialId = init.trialId;
    this.trialRunId = init.trialRunId;
    // Python's legacy constructors let total_batches override steps_completed.
    this.stepsCompleted = init.totalBatches ?? (init.stepsCompleted as number);
    this.endTime = init.endTime;
    this.metrics = init.metrics;
    this.group = init.group;
    this.batchMetrics = init.batchMetrics ?? null;
  }

  /** Deprecated alias of `stepsCompleted` (does not warn, as upstream). */
  get totalBatches(): number {
    return this.stepsCompleted;
  }

  /** Sets `stepsCompleted`. */
  set totalBatches(value: number) {
    this.stepsCompleted = value;
  }

  /**
   * Build from an API report. `group` is the group used for conversion: `validation` reads
   * `metrics.validation_metrics`, anything else (including null) `metrics.avg_metrics`. The
   * record's own `group` is the report's.
   */
  static fromReport(report: MetricsReport, group: string | null | undefined): TrialMetrics {
    return new TrialMetrics(initFromReport(report, group, report.group));
  }
}

/** Deprecated: use `TrialMetrics`. A report of the `training` group. */
export class TrainingMetrics extends TrialMetrics {
  constructor(init: Omit<TrialMetricsInit, 'group'> & { group?: string }) {
    super({ ...init, group: 'training' } as TrialMetricsInit);
  }

  /** Build from an API report, reading `metrics.avg_metrics`. */
  static override fromReport(report: MetricsReport): TrainingMetrics {
    return new TrainingMetrics(initFromReport(report, 'training', 'training'));
  }
}

/** Deprecated: use `TrialMetrics`. A report of the `validation` group. */
export class ValidationMetrics extends TrialMetrics {
  constructor(init: Omit<TrialMetricsInit, 'group'> & { group?: string }) {
    super({ ...init, group: 'validation' } as TrialMetricsInit);
  }

  /** Build from an API report, reading `metrics.validation_metrics`. */
  static override fromReport(report: MetricsReport): ValidationMetrics {
    return new ValidationMetrics(initFromReport(report, 'validation', 'validation'));
  }
}

function initFromReport(
  report: MetricsReport,
  conversionGroup: string | null | undefined,
  group: string,
): TrialMetricsInit {
  const key = conversionGroup === 'validation' ? 'validation_metrics' : 'avg_metrics';
  const payload = report.metrics?.[key];
  if (!isRecord(payload)) {
    const problem = payload === undefined ? `has no '${key}'` : `has a non-object '${key}'`;
    throw new MalformedMetricsReportError(
      `Metrics report of trial ${report.trialId} (group '${report.group}', ${report.totalBatches} batches) ` +
        `${problem}; it cannot be read as group '${conversionGroup ?? 'null'}'.`,
    );
  }
  const batchMetrics = report.metrics.batch_metrics;
  return {
    trialId: report.trialId,
    trialRunId: report.trialRunId,
    stepsCompleted: report.totalBatches,
    endTime: parseApiTimestamp(report.endTime),
    metrics: payload,
    group,
    batchMetrics: Array.isArray(batchMetrics) ? (batchMetrics as Record<string, unknown>[]) : null,
  };
}
