/**
 * Copies checkpoints the mock writes on disk to the cloud storage their experiment config names,
 * so clients can download them DIRECT from that server. Uploads run in the background; `idle()`
 * waits for them and rejects with the first failure.
 */

import { cloudTarget } from './cloud-target';
import { uploadCheckpoint } from './upload';

/** Finds the `checkpoint_storage` of a checkpoint's experiment (null when unknown). */
export type StorageConfigResolver = (uuid: string) => Readonly<Record<string, unknown>> | null;

/** Background uploads of written checkpoints. */
export class CloudMirror {
  /** Set by the mock's state: the storage config of a checkpoint's experiment. */
  resolveConfig: StorageConfigResolver = () => null;
  readonly #pending = new Set<Promise<void>>();
  readonly #failures: Error[] = [];

  /**
   * Called after a checkpoint directory was written. Its record is stored right after the
   * write, in the same synchronous step, so the config is looked up on the next turn.
   */
  written(uuid: string, dir: string): void {
    const upload = new Promise<void>((resolve) => setImmediate(resolve))
      .then(async () => {
        const storage = this.resolveConfig(uuid);
        const target = storage === null ? null : cloudTarget(storage);
        if (target !== null) await uploadCheckpoint({ target, uuid, dir });
      })
      .catch((error: unknown) => {
        this.#failures.push(error instanceof Error ? error : new Error(String(error)));
      })
      .finally(() => this.#pending.delete(upload));
    this.#pending.add(upload);
  }

  /** Wait until every upload started so far has finished; rejects with the first failure. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
    const failure = this.#failures[0];
    if (failure !== undefined) throw failure;
  }
}
