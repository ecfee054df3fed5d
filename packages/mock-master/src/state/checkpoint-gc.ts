import fs from 'node:fs';
import path from 'node:path';
import { hashInts, Rng } from '../rng';
import { type CheckpointRecord, type ExperimentRecord, isJsonObject, type JsonObject } from './records';

/** Virtual ms a checkpoint-GC task runs (listed in `/tasks`) before it exits: a container's start and run. */
export const GC_TASK_MS = 5000;

/** A checkpoint-GC task of an experiment, as the master launches one (`Checkpoint GC (Experiment N)`). */
export interface GcTask {
  taskId: string;
  allocationId: string;
  experimentId: number;
  /** Virtual ms it was launched (and did its work: the files are gone from then on). */
  launchedMs: number;
  /** Virtual ms it exits. */
  endMs: number;
}

/** The `save_*` policy of an experiment's checkpoint storage (the master's defaults: 0, 1, 1). */
function policy(config: JsonObject): { experimentBest: number; trialBest: number; trialLatest: number } {
  const storage = isJsonObject(config.checkpoint_storage) ? config.checkpoint_storage : {};
  const n = (v: unknown, fallback: number) => (typeof v === 'number' && v >= 0 ? v : fallback);
  return {
    experimentBest: n(storage.save_experiment_best, 0),
    trialBest: n(storage.save_trial_best, 1),
    trialLatest: n(storage.save_trial_latest, 1),
  };
}

/**
 * The checkpoints the master's GC deletes when an experiment ends: every completed one that is
 * not among the experiment's `save_experiment_best` best, its trial's `save_trial_best` best or
 * its trial's `save_trial_latest` latest (best by the searcher metric of the checkpoint).
 */
export function checkpointsToCollect(
  exp: ExperimentRecord,
  checkpoints: readonly CheckpointRecord[],
  smallerIsBetter: boolean,
): string[] {
  const live = checkpoints.filter((c) => c.state === 'STATE_COMPLETED' && c.training !== null);
  const { experimentBest, trialBest, trialLatest } = policy(exp.config);
  const keep = new Set<string>();
  const best = (list: readonly CheckpointRecord[], n: number) =>
    list
      .filter((c) => typeof c.training?.searcherMetric === 'number')
      .sort((a, b) => {
        const x = a.training?.searcherMetric as number;
        const y = b.training?.searcherMetric as number;
        return (smallerIsBetter ? x - y : y - x) || b.totalBatches - a.totalBatches;
      })
      .slice(0, n);
  for (const c of best(live, experimentBest)) keep.add(c.uuid);
  const trials = new Set(live.map((c) => c.training?.trialId));
  for (const trialId of trials) {
    const mine = live.filter((c) => c.training?.trialId === trialId);
    for (const c of best(mine, trialBest)) keep.add(c.uuid);
    const latest = [...mine]
      .sort((a, b) => b.totalBatches - a.totalBatches || b.reportTime.localeCompare(a.reportTime))
      .slice(0, trialLatest);
    for (const c of latest) keep.add(c.uuid);
  }
  return live.filter((c) => !keep.has(c.uuid)).map((c) => c.uuid);
}

/** A new GC task of an experiment at virtual time `nowMs` (the `n`-th one the master launched). */
export function newGcTask(seed: number, experimentId: number, n: number, nowMs: number): GcTask {
  const taskId = new Rng(hashInts(seed, experimentId, n, 23)).uuid();
  return { taskId, allocationId: `${taskId}.1`, experimentId, launchedMs: nowMs, endMs: nowMs + GC_TASK_MS };
}

/**
 * The directory a `shared_fs` checkpoint storage of a config names (`host_path`/`storage_path`),
 * or null when it is the mock's own storage directory (or not shared_fs).
 */
export function sharedFsDir(config: JsonObject, mockRoot: string): string | null {
  const storage = config.checkpoint_storage;
  if (!isJsonObject(storage) || storage.type !== 'shared_fs' || typeof storage.host_path !== 'string')
    return null;
  const dir = path.resolve(
    storage.host_path,
    typeof storage.storage_path === 'string' ? storage.storage_path : '',
  );
  return dir === path.resolve(mockRoot) ? null : dir;
}

/**
 * Makes a checkpoint of an experiment whose config names its own shared_fs directory live there,
 * as a trial writes it: the mock's storage entry links to `<host_path>/<storage_path>/<uuid>`.
 */
export function linkSharedFs(config: JsonObject, mockRoot: string, uuid: string): void {
  const dir = sharedFsDir(config, mockRoot);
  const link = path.join(mockRoot, uuid);
  if (dir === null || fs.existsSync(link)) return;
  fs.mkdirSync(path.join(dir, uuid), { recursive: true });
  fs.symlinkSync(path.join(dir, uuid), link, 'dir');
}

/** Removes a deleted checkpoint's directory from the shared_fs storage its config names. */
export function unlinkSharedFs(config: JsonObject, mockRoot: string, uuid: string): void {
  const dir = sharedFsDir(config, mockRoot);
  if (dir === null) return;
  fs.rmSync(path.join(dir, uuid), { recursive: true, force: true });
}

/** What the collector needs from the state. */
export interface GcHost {
  readonly seed: number;
  readonly experiments: ReadonlyMap<number, ExperimentRecord>;
  readonly storage: { readonly root: string };
  nowMs(): number;
  checkpoint(uuid: string): CheckpointRecord;
  checkpointsOf(filter: { experimentId?: number }): CheckpointRecord[];
  smallerIsBetter(experimentId: number): boolean;
  /** Removes files of a checkpoint matching `globs` (none: re-reads them) and updates its state. */
  removeCheckpointFiles(uuid: string, globs: readonly string[]): void;
}

/**
 * The master's checkpoint GC: a `Checkpoint GC (Experiment N)` task per experiment whose
 * checkpoints are deleted (when it ends, by its storage policy; by DeleteCheckpoints,
 * CheckpointsRemoveFiles or DeleteExperiment), listed in `/tasks` until it exits.
 */
export class CheckpointCollector {
  /** Every GC task launched, oldest first. */
  readonly tasks: GcTask[] = [];
  private readonly collectedAtEnd = new Map<number, string>();

  constructor(private readonly host: GcHost) {}

  /** GC tasks running at the current virtual time. */
  active(): GcTask[] {
    const now = this.host.nowMs();
    return this.tasks.filter((t) => now >= t.launchedMs && now < t.endMs);
  }

  /**
   * Runs a GC task for an experiment, now, that removes `globs` from `uuids` (`**\/*`: deletes them).
   */
  collect(experimentId: number, uuids: readonly string[], globs: readonly string[]): void {
    const n = this.tasks.filter((t) => t.experimentId === experimentId).length;
    this.tasks.push(newGcTask(this.host.seed, experimentId, n, this.host.nowMs()));
    const config = this.host.experiments.get(experimentId)?.config;
    for (const uuid of uuids) {
      this.host.removeCheckpointFiles(uuid, globs);
      if (config && this.host.checkpoint(uuid).state === 'STATE_DELETED')
        unlinkSharedFs(config, this.host.storage.root, uuid);
    }
  }

  /** Runs `collect` per experiment of the checkpoints. */
  collectByExperiment(uuids: readonly string[], globs: readonly string[]): void {
    const byExperiment = new Map<number, string[]>();
    for (const uuid of uuids) {
      const id = this.host.checkpoint(uuid).training?.experimentId ?? 0;
      byExperiment.set(id, [...(byExperiment.get(id) ?? []), uuid]);
    }
    for (const [id, list] of byExperiment) this.collect(id, list, globs);
  }

  /** Launches the end-of-experiment GC of experiments that ended since the last call. */
  sync(): void {
    for (const exp of this.host.experiments.values()) {
      if (exp.endTime === null || this.collectedAtEnd.get(exp.id) === exp.endTime) continue;
      if (!['STATE_COMPLETED', 'STATE_CANCELED', 'STATE_ERROR'].includes(exp.state)) continue;
      this.collectedAtEnd.set(exp.id, exp.endTime);
      const checkpoints = this.host.checkpointsOf({ experimentId: exp.id });
      if (checkpoints.length === 0) continue;
      const doomed = checkpointsToCollect(exp, checkpoints, this.host.smallerIsBetter(exp.id));
      // Launched when the master notices the end (the request that first sees it), like its GC actor.
      this.collect(exp.id, doomed, ['**/*']);
    }
  }
}
