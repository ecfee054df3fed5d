import { hashInts, Rng } from '../rng';
import { linkSharedFs } from './checkpoint-gc';
import { rfc3339 } from './clock';
import { type CurveKey, trainingMetrics, validationMetrics } from './curve';
import type { CheckpointRecord, ExperimentRecord, JsonObject, MetricsWorkload, TrialRecord } from './records';
import type { SearchPlan } from './searcher';
import type { SimHost } from './sim-types';
import { writeTensorboardScalars } from './tensorboard-files';

/** Everything an event of one trial needs. */
export interface TrialEventContext {
  host: SimHost;
  exp: ExperimentRecord;
  plan: SearchPlan;
  trial: TrialRecord;
  /** Index of the trial within its experiment (selects its learning curve). */
  index: number;
  containerId: string;
  /** The trial run id of the reports (1 + earlier runners of the trial); default 1. */
  runId?: number;
}

/** Options of {@link recordCheckpoint}. */
export interface CheckpointOptions {
  uuid?: string;
  /** Relative path → UTF-8 contents; default: a small simulated checkpoint. */
  files?: Readonly<Record<string, string>>;
  metadata?: JsonObject;
  state?: CheckpointRecord['state'];
}

/** A deterministic UUID for the given key. */
export function uuidFor(...key: number[]): string {
  return new Rng(hashInts(...key)).uuid();
}

function curveKey(c: TrialEventContext): CurveKey {
  return {
    seed: c.host.seed,
    experimentId: c.exp.id,
    trialIndex: c.index,
    maxLength: c.plan.maxLength,
  };
}

function summarize(summary: JsonObject, key: string, values: JsonObject): void {
  const group = (summary[key] ?? {}) as Record<
    string,
    { count: number; last: number; max: number; mean: number; min: number; sum: number; type: string }
  >;
  for (const [name, v] of Object.entries(values)) {
    if (typeof v !== 'number') continue;
    const prev = group[name];
    group[name] = prev
      ? {
          count: prev.count + 1,
          last: v,
          max: Math.max(prev.max, v),
          mean: (prev.sum + v) / (prev.count + 1),
          min: Math.min(prev.min, v),
          sum: prev.sum + v,
          type: 'number',
        }
      : { count: 1, last: v, max: v, mean: v, min: v, sum: v, type: 'number' };
  }
  summary[key] = group;
}

/** True when `a` is a better searcher-metric value than `b`. */
export function isBetter(a: number, b: number | null | undefined, smallerIsBetter: boolean): boolean {
  if (b === null || b === undefined) return true;
  return smallerIsBetter ? a < b : a > b;
}

function log(c: TrialEventContext, atMs: number, text: string): void {
  c.host.logs.add({
    trialId: c.trial.id,
    atMs,
    log: text,
    containerId: c.containerId,
    agentId: 'mock-agent',
    rankId: 0,
  });
}

function tensorboard(
  c: TrialEventContext,
  group: string,
  step: number,
  atMs: number,
  values: JsonObject,
): void {
  const report = { seed: c.host.seed, exp: c.exp, trialId: c.trial.id, mockRoot: c.host.storage.root };
  writeTensorboardScalars(report, { group, step, atMs, values });
}

/** Reports training metrics at `batches`. */
export function recordTraining(
  c: TrialEventContext,
  batches: number,
  atMs: number,
  given?: JsonObject,
): void {
  const values: JsonObject = given ?? trainingMetrics(curveKey(c), batches);
  c.host.metrics.add({
    id: c.host.nextId('report'),
    trialId: c.trial.id,
    trialRunId: c.runId ?? 1,
    totalBatches: batches,
    endTime: rfc3339(atMs),
    // Reported metrics (`given`) carry no batch metrics, like the master's store of a report without them.
    metrics: given === undefined ? { avg_metrics: values, batch_metrics: [] } : { avg_metrics: values },
    group: 'training',
    archived: false,
  });
  summarize(c.trial.summaryMetrics, 'avg_metrics', values);
  tensorboard(c, 'training', batches, atMs, values);
  c.trial.totalBatchesProcessed = batches;
  c.trial.runnerState = 'training';
  log(c, atMs, `report_training_metrics(steps_completed=${batches}, metrics=${JSON.stringify(values)})`);
}

/** Reports metrics of a group other than training and validation (`report_metrics(group=...)`). */
export function recordMetrics(
  c: TrialEventContext,
  report: { group: string; batches: number; atMs: number; values: JsonObject },
): void {
  c.host.metrics.add({
    id: c.host.nextId('report'),
    trialId: c.trial.id,
    trialRunId: c.runId ?? 1,
    totalBatches: report.batches,
    endTime: rfc3339(report.atMs),
    metrics: { avg_metrics: report.values },
    group: report.group,
    archived: false,
  });
  summarize(c.trial.summaryMetrics, report.group, report.values);
  tensorboard(c, report.group, report.batches, report.atMs, report.values);
}

/** Reports validation metrics at `batches` and updates the trial's and experiment's bests. */
export function recordValidation(
  c: TrialEventContext,
  batches: number,
  atMs: number,
  given?: JsonObject,
): void {
  const { metric, smallerIsBetter } = c.plan;
  const values: JsonObject = given ?? validationMetrics(curveKey(c), batches, metric, smallerIsBetter);
  c.host.metrics.add({
    id: c.host.nextId('report'),
    trialId: c.trial.id,
    trialRunId: c.runId ?? 1,
    totalBatches: batches,
    endTime: rfc3339(atMs),
    metrics: { validation_metrics: values },
    group: 'validation',
    archived: false,
  });
  summarize(c.trial.summaryMetrics, 'validation_metrics', values);
  tensorboard(c, 'validation', batches, atMs, values);
  const workload: MetricsWorkload = {
    endTime: rfc3339(atMs),
    metrics: { avgMetrics: values, batchMetrics: [] },
    numInputs: 0,
    totalBatches: batches,
  };
  c.trial.latestValidation = workload;
  c.trial.runnerState = 'validating';
  const v = values[metric];
  if (typeof v !== 'number' || Number.isNaN(v)) return;
  if (isBetter(v, c.trial.searcherMetricValue, smallerIsBetter)) {
    c.trial.bestValidation = workload;
    c.trial.searcherMetricValue = v;
  }
  if (isBetter(v, c.exp.bestTrialSearcherMetric, smallerIsBetter)) {
    c.exp.bestTrialSearcherMetric = v;
    c.exp.bestTrialId = c.trial.id;
  }
  log(c, atMs, `report_validation_metrics(steps_completed=${batches}, metrics=${JSON.stringify(values)})`);
}

/** Writes a checkpoint at `batches` (files on disk) and links it to the trial. */
export function recordCheckpoint(
  c: TrialEventContext,
  batches: number,
  atMs: number,
  opts: CheckpointOptions = {},
): CheckpointRecord {
  const uuid = opts.uuid ?? uuidFor(c.host.seed, c.exp.id, c.index, batches, 7);
  const metadata = opts.metadata ?? {
    determined_version: '0.38.1',
    format: 'pickle',
    framework: 'torch-2.3.1+cpu',
    steps_completed: batches,
  };
  linkSharedFs(c.exp.config, c.host.storage.root, uuid);
  const resources = opts.files
    ? c.host.storage.writeFiles(uuid, opts.files)
    : c.host.storage.writeSimulated(uuid, {
        seed: hashInts(c.host.seed, c.exp.id, c.index, batches),
        metadata,
      });
  const latest = c.trial.latestValidation;
  const validation = latest !== null && latest.totalBatches === batches ? latest.metrics : null;
  const searcherMetric = validation
    ? ((validation.avgMetrics[c.plan.metric] as number | undefined) ?? null)
    : null;
  const training = [...c.host.metrics.stored(c.trial.id)].reverse().find((r) => r.group === 'training');
  const record: CheckpointRecord = {
    taskId: c.trial.taskId,
    allocationId: `${c.trial.taskId}.1`,
    uuid,
    reportTime: rfc3339(atMs),
    resources,
    metadata,
    state: opts.state ?? 'STATE_COMPLETED',
    training: {
      trialId: c.trial.id,
      experimentId: c.exp.id,
      experimentConfig: c.exp.config,
      hparams: c.trial.hparams,
      trainingMetrics: training
        ? { avgMetrics: (training.metrics.avg_metrics ?? {}) as JsonObject, batchMetrics: [] }
        : null,
      validationMetrics: validation,
      searcherMetric,
    },
    totalBatches: batches,
    extra: {},
  };
  c.host.checkpoints.set(uuid, record);
  updateBestCheckpoint(c.host, c.trial, c.plan.smallerIsBetter);
  log(c, atMs, `Reported checkpoint to master ${uuid}`);
  return record;
}

/** Re-derives a trial's best checkpoint: best searcher metric, else the latest. */
export function updateBestCheckpoint(host: SimHost, trial: TrialRecord, smallerIsBetter: boolean): void {
  let best: CheckpointRecord | null = null;
  for (const ck of host.checkpoints.values()) {
    if (ck.training?.trialId !== trial.id || ck.state === 'STATE_DELETED') continue;
    const m = ck.training.searcherMetric;
    const bm = best?.training?.searcherMetric ?? null;
    if (best === null) best = ck;
    else if (m !== null && (bm === null || isBetter(m, bm, smallerIsBetter))) best = ck;
    else if (m === null && bm === null && ck.totalBatches > best.totalBatches) best = ck;
  }
  trial.bestCheckpointUuid = best?.uuid ?? null;
}
