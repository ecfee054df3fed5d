/**
 * Deleting an experiment as the master does: DELETING at once (its checkpoints go to a GC task),
 * then gone with its trials, metrics, logs, TensorBoard files and checkpoints `timing.deletingMs`
 * later.
 */
import { failedPrecondition } from '../errors';
import type { CheckpointCollector } from './checkpoint-gc';
import { unlinkSharedFs } from './checkpoint-gc';
import type { CheckpointRecord, ExperimentRecord, TrialRecord } from './records';
import type { ExperimentSim, SimHost } from './sim-types';
import { removeTensorboardFiles } from './tensorboard-files';

/** What {@link ExperimentDeletions} needs of the mock's state. */
export interface DeletionHost extends SimHost {
  readonly sims: Map<number, ExperimentSim>;
  readonly gc: Pick<CheckpointCollector, 'collect'>;
  experiment(id: number): ExperimentRecord;
  checkpointsOf(filter: { experimentId?: number }): CheckpointRecord[];
  trialsOf(experimentId: number): TrialRecord[];
  isRegistered(uuid: string): boolean;
  nowMs(): number;
}

/** The experiments being deleted, and when each was asked to go. */
export class ExperimentDeletions {
  readonly #pending = new Map<number, number>();

  constructor(private readonly host: DeletionHost) {}

  /** Starts asynchronous deletion: DELETING now, gone after `timing.deletingMs`. */
  request(id: number): void {
    const exp = this.host.experiment(id);
    const inRegistry = this.host
      .checkpointsOf({ experimentId: id })
      .some((c) => this.host.isRegistered(c.uuid));
    if (inRegistry) throw failedPrecondition(`experiment ${id} has checkpoints registered as model versions`);
    exp.state = 'STATE_DELETING';
    const live = this.host.checkpointsOf({ experimentId: id }).filter((c) => c.state !== 'STATE_DELETED');
    if (live.length > 0) this.host.gc.collect(id, [], []);
    this.host.sims.delete(id);
    this.#pending.set(id, this.host.nowMs());
  }

  /** Completes the deletions that are due at `nowMs`. */
  sync(nowMs: number): void {
    for (const [id, at] of this.#pending) {
      if (nowMs >= at + this.host.timing.deletingMs) this.#purge(id);
    }
  }

  #purge(id: number): void {
    this.#pending.delete(id);
    const exp = this.host.experiments.get(id);
    const config = exp?.config;
    if (exp) removeTensorboardFiles(this.host.seed, exp, this.host.storage.root);
    for (const ck of this.host.checkpointsOf({ experimentId: id })) {
      if (config) unlinkSharedFs(config, this.host.storage.root, ck.uuid);
      this.host.storage.remove(ck.uuid);
      this.host.checkpoints.delete(ck.uuid);
    }
    for (const trial of this.host.trialsOf(id)) {
      this.host.trials.delete(trial.id);
      this.host.metrics.removeTrial(trial.id);
      this.host.logs.removeTrial(trial.id);
    }
    this.host.experiments.delete(id);
  }
}
