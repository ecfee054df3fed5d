import { invalidArgument } from '../errors';

/** Queue settings of one job. */
export interface JobSettings {
  priority: number;
  weight: number;
  /** Position in the queue (smaller first). */
  position: number;
}

/** The master's default priority and fair-share weight of a job. */
export const DEFAULT_PRIORITY = 42;
export const DEFAULT_WEIGHT = 1;

/** Priority, weight and position of every job, created when a job is first seen. */
export class JobQueue {
  private readonly settingsByJob = new Map<string, JobSettings>();
  private nextPosition = 1;

  /** The settings of a job (created with the given defaults on first use). */
  settings(
    jobId: string,
    defaults: { priority?: number | undefined; weight?: number | undefined } = {},
  ): JobSettings {
    let s = this.settingsByJob.get(jobId);
    if (!s) {
      s = {
        priority: defaults.priority ?? DEFAULT_PRIORITY,
        weight: defaults.weight ?? DEFAULT_WEIGHT,
        position: this.nextPosition++,
      };
      this.settingsByJob.set(jobId, s);
    }
    return s;
  }

  /** Items with a job id in queue order (priority, then position). */
  ordered<T extends { jobId: string }>(items: readonly T[]): T[] {
    return [...items].sort((a, b) => {
      const sa = this.settings(a.jobId);
      const sb = this.settings(b.jobId);
      return sa.priority - sb.priority || sa.position - sb.position;
    });
  }

  /** Sets a job's priority (1-99, like the master's priority scheduler). */
  setPriority(jobId: string, priority: number): void {
    if (!Number.isInteger(priority) || priority < 1 || priority > 99)
      throw invalidArgument('priority must be between 1 and 99');
    this.settings(jobId).priority = priority;
  }

  /** Sets a job's fair-share weight (> 0). */
  setWeight(jobId: string, weight: number): void {
    if (!(weight > 0)) throw invalidArgument('weight must be greater than 0');
    this.settings(jobId).weight = weight;
  }

  /** Moves a job just ahead of (or behind) another one. */
  moveRelative(jobId: string, anchorId: string, where: 'ahead' | 'behind'): void {
    const anchor = this.settings(anchorId);
    const offset = where === 'ahead' ? -0.5 : 0.5;
    this.settings(jobId).position = anchor.position + offset;
    const all = [...this.settingsByJob.values()].sort((a, b) => a.position - b.position);
    all.forEach((s, i) => {
      s.position = i + 1;
    });
    this.nextPosition = all.length + 1;
  }
}
