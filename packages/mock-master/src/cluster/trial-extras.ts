import type { JsonRecord, Wire } from './types';

/** Per-trial and per-run data the experiment records do not hold. */
export class TrialExtras {
  /** Profiler batches by trial id. */
  readonly profiler = new Map<number, Wire['v1TrialProfilerMetricsBatch'][]>();
  /** Runner state reported by the harness (`PostTrialRunnerMetadata`). */
  readonly runnerState = new Map<number, string>();
  /** Run (trial) metadata (`PostRunMetadata`), merged over earlier posts. */
  readonly runMetadata = new Map<number, JsonRecord>();
  /** Trials by (external experiment id, external trial id). */
  readonly externalTrials = new Map<string, number>();
  /** Experiments by external id. */
  readonly externalExperiments = new Map<string, number>();
  /** Trials that exited early and why. */
  readonly earlyExits = new Map<number, string>();
  /** Runs (trials) archived through the runs API. */
  readonly archivedRuns = new Set<number>();

  /** Stores profiler batches. */
  addProfiler(batches: readonly Wire['v1TrialProfilerMetricsBatch'][]): void {
    for (const batch of batches) {
      const list = this.profiler.get(batch.labels.trialId) ?? [];
      list.push(structuredClone(batch));
      this.profiler.set(batch.labels.trialId, list);
    }
  }

  /** The distinct label sets of a trial's profiler series. */
  profilerSeries(trialId: number): Wire['v1TrialProfilerMetricLabels'][] {
    const seen = new Map<string, Wire['v1TrialProfilerMetricLabels']>();
    for (const b of this.profiler.get(trialId) ?? []) {
      const l = b.labels;
      const labels = {
        trialId: l.trialId,
        name: l.name,
        agentId: l.agentId ?? '',
        gpuUuid: l.gpuUuid ?? '',
        metricType: l.metricType ?? 'PROFILER_METRIC_TYPE_UNSPECIFIED',
      };
      seen.set(JSON.stringify(labels), labels);
    }
    return [...seen.values()];
  }
}
