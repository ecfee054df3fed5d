/** The top checkpoints of an experiment, as the dashboard lists them. */
import type { Checkpoint, Experiment } from '@determined-ts/client';

/** One row of the checkpoint table. */
export interface CheckpointSummary {
  readonly uuid: string;
  readonly trialId: number | null;
  /** Batches the trial had completed when it saved the checkpoint. */
  readonly step: number | null;
  /** The searcher metric's value at the checkpoint's validation (`null` without one). */
  readonly metric: number | null;
  /** Total size of its files in bytes. */
  readonly sizeBytes: number;
  readonly reportTime: string | null;
}

function sizeOf(resources: Readonly<Record<string, string>>): number {
  return Object.values(resources).reduce((sum, size) => sum + (Number(size) || 0), 0);
}

function stepOf(checkpoint: Checkpoint): number | null {
  const step = checkpoint.metadata?.steps_completed;
  return typeof step === 'number' ? step : null;
}

/** The dashboard's view of an SDK checkpoint; `metric` is read from its validation metrics. */
export function summarizeCheckpoint(checkpoint: Checkpoint, metricName: string | null): CheckpointSummary {
  const resources = checkpoint.resources ?? {};
  const value =
    metricName === null ? undefined : checkpoint.training?.validationMetrics.avgMetrics?.[metricName];
  return {
    uuid: checkpoint.uuid,
    trialId: checkpoint.training?.trialId ?? null,
    step: stepOf(checkpoint),
    metric: typeof value === 'number' ? value : null,
    sizeBytes: sizeOf(resources),
    reportTime: checkpoint.reportTime,
  };
}

/** The best `limit` checkpoints of an experiment by its searcher metric (the master's order). */
export async function topCheckpoints(
  experiment: Experiment,
  options: { limit: number; metricName: string | null; signal?: AbortSignal | undefined },
): Promise<CheckpointSummary[]> {
  const best = await experiment.listCheckpoints({ maxResults: options.limit, signal: options.signal });
  return best.map((checkpoint) => summarizeCheckpoint(checkpoint, options.metricName));
}
