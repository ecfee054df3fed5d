/**
 * `Checkpoint` (Python SDK section 5): a checkpoint's attributes, download, metadata, deletion
 * and the metrics reported for it.
 */

import type { Readable } from 'node:stream';
import { DeterminedError, InvalidArgumentError } from '../../core/errors';
import { isRecord } from '../../core/is-record';
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { OperationResult } from '../../core/operation-types';
import type { Session } from '../../core/session';
import { downloadCheckpoint, writeMetadataFile } from '../../lib/checkpoint-download';
import {
  type CheckpointState,
  CheckpointState as CheckpointStates,
  type DownloadMode,
  parseEnum,
  TRIAL_SOURCE_INFO_TYPE_INFERENCE,
} from '../../lib/enums';
import { TrialMetrics } from '../../lib/metrics';
import type { DirectStorageSettings } from '../../lib/storage/direct-download';
import type { ProgressListener } from '../../lib/storage/progress';
import { type CheckpointArchive, type OpenArchiveOptions, openCheckpointArchive } from './checkpoint-archive';

type ApiCheckpoint = OperationResult<'GetCheckpoint'>['checkpoint'];
type ApiTrainingMetadata = OperationResult<'GetCheckpoint'>['checkpoint']['training'];

/** A checkpoint's validation metrics, keyed in camelCase as upstream re-serializes them. */
export interface CheckpointValidationMetrics {
  /** Metric name → value averaged over the validation (Python `avg_metrics`). */
  avgMetrics?: Record<string, unknown>;
  /** Per-batch metric values, when the trial reported them (Python `batch_metrics`). */
  batchMetrics?: Record<string, unknown>[] | null;
}

/** Training details of a checkpoint reported by a trial. */
export class CheckpointTrainingMetadata {
  constructor(
    /** The experiment's configuration. */
    readonly experimentConfig: Record<string, unknown>,
    /** ID of the experiment whose trial saved the checkpoint. */
    readonly experimentId: number,
    /** ID of the trial that saved the checkpoint. */
    readonly trialId: number,
    /** The trial's hyperparameters (`{}` when absent). */
    readonly hparams: Record<string, unknown>,
    /** `{avgMetrics, batchMetrics}` of the validation at this checkpoint, or `{}`. */
    readonly validationMetrics: CheckpointValidationMetrics,
  ) {}

  /** Build from the API object; `null` when the checkpoint was not reported by a trial. */
  static fromApi(
    raw: ApiTrainingMetadata | null | undefined,
    uuid: string,
  ): CheckpointTrainingMetadata | null {
    if (!raw?.trialId) return null;
    if (!isRecord(raw.experimentConfig) || typeof raw.experimentId !== 'number') {
      throw new DeterminedError(
        `Checkpoint ${uuid} has training metadata without experimentConfig or experimentId`,
      );
    }
    const metrics = raw.validationMetrics;
    const validationMetrics: CheckpointValidationMetrics = metrics
      ? { avgMetrics: metrics.avgMetrics, batchMetrics: metrics.batchMetrics ?? null }
      : {};
    return new CheckpointTrainingMetadata(
      raw.experimentConfig,
      raw.experimentId,
      raw.trialId,
      raw.hparams ?? {},
      validationMetrics,
    );
  }
}

/** Options of `Checkpoint.download`. */
export interface CheckpointDownloadOptions extends MethodOptions {
  /** Target directory (default `checkpoints/<uuid>` under the current directory). */
  readonly path?: string | undefined;
  /** `DownloadMode.AUTO` (default), `DIRECT` or `MASTER`. */
  readonly mode?: DownloadMode | undefined;
  /**
   * Progress `{ bytes, totalBytes, files, totalFiles }` (totals from `resources`), at most every
   * 100 ms and once at the end.
   */
  readonly onProgress?: ProgressListener | undefined;
  /** DIRECT cloud settings beside the storage config (GCS endpoint, concurrency). */
  readonly storageSettings?: DirectStorageSettings | undefined;
}

/** Options of `Checkpoint.getMetrics`. */
export interface CheckpointMetricsOptions extends MethodOptions {
  /** Metric group to ask for and to read reports as (default: every group, read as `avg_metrics`). */
  readonly group?: string | undefined;
}

/** A checkpoint. `new Checkpoint(session, uuid)` makes no request; attributes start `null`. */
export class Checkpoint {
  /** The checkpoint's UUID, its key in checkpoint storage. */
  uuid: string;
  /** ID of the task (trial, notebook, command, ...) that saved it. */
  taskId: string | null = null;
  /** ID of the allocation of that task that saved it. */
  allocationId: string | null = null;
  /** Raw RFC 3339 string, as the master sends it. */
  reportTime: string | null = null;
  /** Relative file path → size in bytes as a string; directories end with `/`. */
  resources: Record<string, string> | null = null;
  /** User metadata, a JSON object (see `addMetadata` / `removeMetadata`). */
  metadata: Record<string, unknown> | null = null;
  /** Current state; only `COMPLETED` and `PARTIALLY_DELETED` checkpoints can be downloaded. */
  state: CheckpointState | null = null;
  /** Experiment, trial and validation details; `null` when no trial reported the checkpoint. */
  training: CheckpointTrainingMetadata | null = null;
  readonly #session: Session;

  constructor(session: Session, uuid: string) {
    this.#session = session;
    this.uuid = uuid;
  }

  /** Build a checkpoint from a `v1Checkpoint`. */
  static fromApi(raw: ApiCheckpoint, session: Session): Checkpoint {
    const checkpoint = new Checkpoint(session, raw.uuid);
    checkpoint.#hydrate(raw);
    return checkpoint;
  }

  #hydrate(raw: ApiCheckpoint): void {
    const state = parseEnum(CheckpointStates, raw.state, 'checkpoint state');
    const training = CheckpointTrainingMetadata.fromApi(raw.training, raw.uuid);
    this.uuid = raw.uuid;
    this.taskId = raw.taskId ?? null;
    this.allocationId = raw.allocationId ?? null;
    this.reportTime = raw.reportTime ?? null;
    this.resources = raw.resources;
    this.metadata = raw.metadata;
    this.state = state;
    this.training = training;
  }

  /** Re-read the checkpoint: `GET /api/v1/checkpoints/{uuid}`. */
  async reload(options?: MethodOptions): Promise<void> {
    const path = { checkpointUuid: this.uuid };
    const response = await this.#session.call('GetCheckpoint', { path }, callOptions(options));
    this.#hydrate(response.checkpoint);
  }

  /**
   * Download the checkpoint's files into `path` (default `checkpoints/<uuid>`) and return that
   * directory. Only COMPLETED and PARTIALLY_DELETED checkpoints can be downloaded. A target that
   * already holds `metadata.json` or `MLmodel` is left as is; `metadata.json` is written when
   * missing. `MASTER` mode extracts `GET /checkpoints/{uuid}` atomically (nothing is left behind
   * on failure); `DIRECT` reads shared_fs/directory storage; `AUTO` tries direct, then the master.
   * Into an existing non-empty directory the files are merged, replacing files of the same name;
   * a directory there where the checkpoint has a file (or the reverse) fails with
   * `InvalidArgumentError` and changes nothing.
   */
  async download(options: CheckpointDownloadOptions = {}): Promise<string> {
    const timeout = callOptions(options);
    return downloadCheckpoint({
      checkpoint: this,
      path: options.path,
      mode: options.mode,
      logger: this.#session.logger,
      signal: options.signal,
      onProgress: options.onProgress,
      storageSettings: options.storageSettings,
      fetchArchive: (signal) => this.#fetchArchive({ ...timeout, signal }),
    });
  }

  /**
   * The checkpoint's files as one archive from the master (`GET /checkpoints/{uuid}`; `tar` by
   * default, `tgz` or `zip`): `{ body, contentType, expectedBytes? }`, the body a stream read as
   * it arrives. A state known not to allow downloads is a `CheckpointStateError`, a checkpoint
   * the master does not have a `NotFoundError`.
   */
  openArchive(options: OpenArchiveOptions = {}): Promise<CheckpointArchive> {
    return openCheckpointArchive(this.#session, this, options);
  }

  async #fetchArchive(options: MethodOptions): Promise<Readable> {
    // The spec's echo route outside /api/v1: the archive itself, not JSON.
    const response = await this.#session.download(
      'get-checkpoint',
      { path: { checkpoint_uuid: this.uuid } },
      { headers: { accept: 'application/gzip' }, ...callOptions(options) },
    );
    return response.body;
  }

  /**
   * Write `metadata` to `filePath` as Python's `json.dump(indent=2)` would (the conventional name
   * is `metadata.json`).
   */
  async writeMetadataFile(filePath: string): Promise<void> {
    await writeMetadataFile(filePath, this.metadata);
  }

  /**
   * Merge `metadata` into the checkpoint's metadata (shallow) and store the result on the master,
   * which replaces what it has. The local copy changes only after the request succeeds.
   */
  async addMetadata(metadata: Readonly<Record<string, unknown>>, options?: MethodOptions): Promise<void> {
    if (!isRecord(metadata)) throw new InvalidArgumentError('metadata must be an object');
    const current = this.metadata ?? {};
    const merged = Object.keys(current).length > 0 ? { ...current, ...metadata } : { ...metadata };
    await this.#postMetadata(merged, options);
    this.metadata = merged;
  }

  /** Remove top-level `keys` from the metadata (missing keys are ignored); local after success. */
  async removeMetadata(keys: Iterable<string>, options?: MethodOptions): Promise<void> {
    if (keys === null || typeof (keys as Partial<Iterable<string>>)[Symbol.iterator] !== 'function') {
      throw new InvalidArgumentError('keys must be an iterable of strings');
    }
    const remaining = { ...(this.metadata ?? {}) };
    for (const key of keys) delete remaining[key];
    await this.#postMetadata(remaining, options);
    this.metadata = remaining;
  }

  async #postMetadata(metadata: Record<string, unknown>, options: MethodOptions | undefined): Promise<void> {
    await this.#session.call(
      'PostCheckpointMetadata',
      {
        path: { 'checkpoint.uuid': this.uuid },
        body: {
          checkpoint: { metadata, resources: {}, state: 'STATE_UNSPECIFIED', training: {}, uuid: this.uuid },
        },
      },
      callOptions(options),
    );
  }

  /** Ask the master to delete the checkpoint (`DELETE /api/v1/checkpoints`); asynchronous. */
  async delete(options?: MethodOptions): Promise<void> {
    await this.#session.call(
      'DeleteCheckpoints',
      { body: { checkpointUuids: [this.uuid] } },
      callOptions(options),
    );
    this.#session.logger.info(
      `Deletion of checkpoint ${this.uuid} is in progress. Check the master logs to see when it is complete.`,
    );
  }

  /**
   * Delete the checkpoint's files matching `globs` (`POST /api/v1/checkpoints/rm`); an empty list
   * only refreshes its resources and state on the master. Asynchronous on the master.
   */
  async removeFiles(globs: readonly string[], options?: MethodOptions): Promise<void> {
    await this.#session.call(
      'CheckpointsRemoveFiles',
      { body: { checkpointGlobs: [...globs], checkpointUuids: [this.uuid] } },
      callOptions(options),
    );
    this.#session.logger.info(
      `Deletion of files in checkpoint ${this.uuid} is in progress. Check the master logs to see when it is complete.`,
    );
  }

  /**
   * The inference metrics reported for this checkpoint, lazily (no request before iteration):
   * `GET /api/v1/checkpoints/{uuid}/metrics`. Reports are read as `options.group`; without a
   * group every report is read as `avg_metrics`, which fails on validation-style reports.
   */
  async *getMetrics(options: CheckpointMetricsOptions = {}): AsyncGenerator<TrialMetrics, void, undefined> {
    const { group } = options;
    const response = await this.#session.call(
      'GetTrialMetricsByCheckpoint',
      {
        path: { checkpointUuid: this.uuid },
        query: { trialSourceInfoType: TRIAL_SOURCE_INFO_TYPE_INFERENCE, metricGroup: group },
      },
      callOptions(options),
    );
    for (const report of response.metrics) yield TrialMetrics.fromReport(report, group);
  }

  /**
   * The Pachyderm commit the checkpoint's experiment was trained on
   * (`integrations.pachyderm.dataset.commit`); reloads first when training metadata is unknown.
   */
  async getPachydermCommit(options?: MethodOptions): Promise<string> {
    if (this.training === null) await this.reload(options);
    const config: unknown = this.training?.experimentConfig;
    const integrations = isRecord(config) ? config.integrations : undefined;
    const pachyderm = isRecord(integrations) ? integrations.pachyderm : undefined;
    const dataset = isRecord(pachyderm) ? pachyderm.dataset : undefined;
    const commit = isRecord(dataset) ? dataset.commit : undefined;
    if (commit === undefined || commit === null) {
      throw new InvalidArgumentError(`No Pachyderm commit found for checkpoint ${this.uuid}.`);
    }
    return String(commit);
  }

  /** `Checkpoint(uuid=<uuid>)`, as the Python SDK's `repr`. */
  toString(): string {
    return `Checkpoint(uuid=${this.uuid})`;
  }
}
