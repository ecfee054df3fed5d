import { unit } from '../rng';
import { rfc3339 } from './clock';
import type { MetricsReport } from './records';

/** Rows generated on demand rather than stored (for large-stream benchmarks). */
interface SyntheticSegment {
  group: string;
  rows: number;
  firstId: number;
  firstBatches: number;
  step: number;
  startMs: number;
  seed: number;
}

/** Metrics reports per trial, plus lazily generated synthetic rows. */
export class MetricsStore {
  private readonly reports = new Map<number, MetricsReport[]>();
  private readonly synthetic = new Map<number, SyntheticSegment[]>();

  /**
   * Appends a report. Like the master's rollback, a report of a later trial run archives the
   * earlier runs' reports it supersedes: those of its group at or after its batch, and those of
   * other groups after it (a restarted trial resumes from its checkpoint and reports again).
   */
  add(report: MetricsReport): void {
    const list = this.reports.get(report.trialId) ?? [];
    const partition = partitionOf(report.group);
    for (const r of list) {
      if (r.archived || r.trialRunId >= report.trialRunId) continue;
      const same = partitionOf(r.group) === partition;
      if (same ? r.totalBatches >= report.totalBatches : r.totalBatches > report.totalBatches)
        r.archived = true;
    }
    list.push(report);
    this.reports.set(report.trialId, list);
  }

  /** Stored reports of a trial (all groups), in insertion order. */
  stored(trialId: number): readonly MetricsReport[] {
    return this.reports.get(trialId) ?? [];
  }

  /** Forgets a trial's reports. */
  removeTrial(trialId: number): void {
    this.reports.delete(trialId);
    this.synthetic.delete(trialId);
  }

  /** Highest total-batches value stored or generated for a trial in a group. */
  lastBatches(trialId: number, group: string): number {
    let max = 0;
    for (const r of this.stored(trialId)) if (r.group === group) max = Math.max(max, r.totalBatches);
    for (const s of this.synthetic.get(trialId) ?? []) {
      if (s.group === group && s.rows > 0) max = Math.max(max, s.firstBatches + (s.rows - 1) * s.step);
    }
    return max;
  }

  /** Registers `rows` generated reports after the existing ones of `group`. */
  addSynthetic(
    trialId: number,
    opts: { group: string; rows: number; firstId: number; step: number; startMs: number; seed: number },
  ): void {
    const segment: SyntheticSegment = {
      ...opts,
      firstBatches: this.lastBatches(trialId, opts.group) + opts.step,
    };
    const list = this.synthetic.get(trialId) ?? [];
    list.push(segment);
    this.synthetic.set(trialId, list);
  }

  /**
   * Non-archived reports of the trials (ids ascending), each in increasing total batches; `group`
   * null means every group. Generated lazily, so huge synthetic series use constant memory.
   */
  *iterate(trialIds: readonly number[], group: string | null): Generator<MetricsReport> {
    const ids = [...new Set(trialIds)].sort((a, b) => a - b);
    for (const id of ids) {
      const stored = this.stored(id)
        .filter((r) => !r.archived && (group === null || r.group === group))
        .sort((a, b) => a.totalBatches - b.totalBatches || a.id - b.id);
      yield* stored;
      for (const seg of this.synthetic.get(id) ?? []) {
        if (group !== null && seg.group !== group) continue;
        for (let i = 0; i < seg.rows; i++) yield syntheticRow(id, seg, i);
      }
    }
  }
}

/** The master's metrics partition of a group: training, validation, or generic (any other group). */
function partitionOf(group: string): string {
  return group === 'training' || group === 'validation' ? group : 'generic';
}

function syntheticRow(trialId: number, seg: SyntheticSegment, i: number): MetricsReport {
  const totalBatches = seg.firstBatches + i * seg.step;
  const loss = 2 * Math.exp(-totalBatches / (seg.rows * seg.step)) + unit(seg.seed, trialId, i) * 0.05;
  const values = { loss, accuracy: 1 - loss / (1 + loss) };
  return {
    id: seg.firstId + i,
    trialId,
    trialRunId: 1,
    totalBatches,
    endTime: rfc3339(seg.startMs + i * 1000),
    metrics:
      seg.group === 'validation'
        ? { validation_metrics: values }
        : { avg_metrics: values, batch_metrics: [] },
    group: seg.group,
    archived: false,
  };
}

/** Groups items into arrays of at most `size`, lazily. */
export function* chunked<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
