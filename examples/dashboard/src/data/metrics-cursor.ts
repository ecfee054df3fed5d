/**
 * Live learning curves from `iterTrialsMetrics`. The master's metrics stream ends once it has sent
 * what it stores (it does not follow new reports), so following a running trial means reading the
 * stream again and keeping only the reports past the last step already seen.
 */
import type { Determined } from '@determined-ts/client';

/** The metric groups the dashboard draws. */
export const CURVE_GROUPS = ['training', 'validation'] as const;

/** A metric group drawn by the dashboard. */
export type CurveGroup = (typeof CURVE_GROUPS)[number];

/** One report of one trial: the numeric metrics at a step. */
export interface CurvePoint {
  readonly trialId: number;
  readonly group: CurveGroup;
  readonly step: number;
  readonly metrics: Readonly<Record<string, number>>;
}

function numericMetrics(metrics: Readonly<Record<string, unknown>>): Record<string, number> {
  const numeric: Record<string, number> = {};
  for (const [name, value] of Object.entries(metrics)) {
    if (typeof value === 'number' && Number.isFinite(value)) numeric[name] = value;
  }
  return numeric;
}

/** Remembers the last step seen per trial and group, and reads only what is new. */
export class MetricsCursor {
  readonly #lastStep = new Map<string, number>();

  /**
   * Reads the training and validation reports of `trialIds` and returns those past the last step
   * returned before (all of them the first time), trial by trial, by increasing step.
   */
  async next(
    det: Determined,
    trialIds: readonly number[],
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<CurvePoint[]> {
    if (trialIds.length === 0) return [];
    const points: CurvePoint[] = [];
    for (const group of CURVE_GROUPS) {
      for await (const report of det.iterTrialsMetrics(trialIds, group, { signal: options.signal })) {
        const key = `${report.trialId}/${group}`;
        if (report.stepsCompleted <= (this.#lastStep.get(key) ?? Number.NEGATIVE_INFINITY)) continue;
        this.#lastStep.set(key, report.stepsCompleted);
        points.push({
          trialId: report.trialId,
          group,
          step: report.stepsCompleted,
          metrics: numericMetrics(report.metrics),
        });
      }
    }
    return points;
  }
}
