/**
 * `Experiment` and the deprecated `ExperimentReference` (Python SDK section 3).
 */

import { collect } from '../../core/collect';
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { Session } from '../../core/session';
import { warnDeprecatedCall } from '../../lib/deprecation';
import type { ExperimentState } from '../../lib/enums';
import { pachydermConfigOf } from '../../lib/experiment-config';
import type { Checkpoint } from '../checkpoints/checkpoint';
import {
  type CheckpointSource,
  iterCheckpoints,
  type ListCheckpointsOptions,
  listCheckpoints,
  type TopCheckpointOptions,
} from '../checkpoints/listing';
import { provideExperimentFactory } from '../links';
import { findProject } from '../projects/find-project';
import type { Trial } from '../trials/trial';
import { type DownloadCodeOptions, downloadCode } from './download-code';
import { type ApiExperiment, ExperimentAttributes } from './experiment-attributes';
import {
  type TopNCheckpointsOptions,
  topExperimentCheckpoint,
  topExperimentCheckpoints,
} from './experiment-top-checkpoints';
import { iterExperimentTrials, type TrialListingOptions } from './trial-listing';
import { awaitFirstTrial, type PollOptions, waitForExperiment } from './waiting';

export type { DownloadCodeOptions } from './download-code';
export type { TopNCheckpointsOptions } from './experiment-top-checkpoints';
export type { TrialListingOptions } from './trial-listing';

/**
 * An experiment. `new Experiment(experimentId, session)` makes no request; attributes start `null`.
 * Besides the Python SDK's attributes it carries read-only listing attributes (`username`,
 * `searcherMetric`, `smallerIsBetter`, `bestTrialId`, `bestTrialSearcherMetric`, `numTrials`,
 * `startTime`, `endTime`), set wherever the master sends the experiment: `getExperiment`, the
 * listings, `createExperiment` and `reload`.
 */
export class Experiment extends ExperimentAttributes {
  readonly #session: Session;

  constructor(experimentId: number, session: Session) {
    super(experimentId);
    this.#session = session;
  }

  /** Build an experiment from a `v1Experiment`. */
  static fromApi(raw: ApiExperiment, session: Session): Experiment {
    const experiment = new Experiment(raw.id, session);
    experiment.hydrate(raw);
    return experiment;
  }

  get #checkpoints(): CheckpointSource {
    return { session: this.#session, scope: 'experiment', id: this.id };
  }

  get #byId(): { path: { id: number } } {
    return { path: { id: this.id } };
  }

  get #byExperimentId(): { path: { experimentId: number } } {
    return { path: { experimentId: this.id } };
  }

  /** Re-read the experiment: `GET /api/v1/experiments/{id}`. */
  async reload(options?: MethodOptions): Promise<void> {
    const response = await this.#session.call('GetExperiment', this.#byExperimentId, callOptions(options));
    this.hydrate(response.experiment);
  }

  async #patch(
    fields: { name?: string; description?: string; notes?: string; labels?: string[] },
    options: MethodOptions | undefined,
  ): Promise<ApiExperiment | null> {
    const response = await this.#session.call(
      'PatchExperiment',
      { path: { 'experiment.id': this.id }, body: { id: this.id, ...fields } },
      callOptions(options),
    );
    return response.experiment ?? null;
  }

  /** Rename the experiment; `name` becomes the server's answer. */
  async setName(name: string, options?: MethodOptions): Promise<void> {
    this.name = (await this.#patch({ name }, options))?.name ?? null;
  }

  /** Set the description; `description` becomes the server's answer. */
  async setDescription(description: string, options?: MethodOptions): Promise<void> {
    this.description = (await this.#patch({ description }, options))?.description ?? null;
  }

  /** Set the notes; `notes` becomes the server's answer. */
  async setNotes(notes: string, options?: MethodOptions): Promise<void> {
    this.notes = (await this.#patch({ notes }, options))?.notes ?? null;
  }

  /** Replace the labels; `labels` becomes the server's set (`null` when empty). */
  async setLabels(labels: Iterable<string>, options?: MethodOptions): Promise<void> {
    const updated = await this.#patch({ labels: [...labels] }, options);
    this.labels = updated?.labels?.length ? new Set(updated.labels) : null;
  }

  /** Add a label; `labels` becomes the server's (possibly empty) set. */
  async addLabel(label: string, options?: MethodOptions): Promise<void> {
    const path = { experimentId: this.id, label };
    const response = await this.#session.call('PutExperimentLabel', { path }, callOptions(options));
    this.labels = new Set(response.labels);
  }

  /** Remove a label (a missing one is not an error); `labels` becomes the server's set. */
  async removeLabel(label: string, options?: MethodOptions): Promise<void> {
    const path = { experimentId: this.id, label };
    const response = await this.#session.call('DeleteExperimentLabel', { path }, callOptions(options));
    this.labels = new Set(response.labels);
  }

  /** Activate (resume) the experiment. */
  async activate(options?: MethodOptions): Promise<void> {
    await this.#session.call('ActivateExperiment', this.#byId, callOptions(options));
  }

  /** Pause the experiment. */
  async pause(options?: MethodOptions): Promise<void> {
    await this.#session.call('PauseExperiment', this.#byId, callOptions(options));
  }

  /** Cancel the experiment. */
  async cancel(options?: MethodOptions): Promise<void> {
    await this.#session.call('CancelExperiment', this.#byId, callOptions(options));
  }

  /** Kill the experiment. */
  async kill(options?: MethodOptions): Promise<void> {
    await this.#session.call('KillExperiment', this.#byId, callOptions(options));
  }

  /** Archive the experiment; `archived` becomes true only once the master agreed. */
  async archive(options?: MethodOptions): Promise<void> {
    await this.#session.call('ArchiveExperiment', this.#byId, callOptions(options));
    this.archived = true;
  }

  /** Unarchive the experiment; `archived` becomes false only once the master agreed. */
  async unarchive(options?: MethodOptions): Promise<void> {
    await this.#session.call('UnarchiveExperiment', this.#byId, callOptions(options));
    this.archived = false;
  }

  /** Delete the experiment (admins only; asynchronous on the master). */
  async delete(options?: MethodOptions): Promise<void> {
    await this.#session.call('DeleteExperiment', this.#byExperimentId, callOptions(options));
  }

  /** Delete the experiment's TensorBoard files. */
  async deleteTensorboardFiles(options?: MethodOptions): Promise<void> {
    await this.#session.call('DeleteTensorboardFiles', this.#byExperimentId, callOptions(options));
  }

  /** Move the experiment to the project `projectName` of workspace `workspaceName`. */
  async moveToProject(workspaceName: string, projectName: string, options?: MethodOptions): Promise<void> {
    const project = await findProject(this.#session, { workspaceName, projectName }, options);
    await this.#session.call(
      'MoveExperiment',
      { ...this.#byExperimentId, body: { destinationProjectId: project.id, experimentId: this.id } },
      callOptions(options),
    );
    this.projectId = project.id;
    this.workspaceId = project.workspaceId;
  }

  /**
   * Save the experiment's model definition as `exp-<id>_model_def.tar.gz` in `outputDir`
   * (default: the current directory) and return the file's path; with `extractTo`, extract it
   * there instead and return that directory. `onProgress` and `signal` as for checkpoint downloads.
   */
  async downloadCode(options: DownloadCodeOptions = {}): Promise<string> {
    return downloadCode(this.#session, this.id, options);
  }

  /** The experiment's trials, lazily, one page at a time (`limit` is the page size). */
  iterTrials(options: TrialListingOptions = {}): AsyncGenerator<Trial, void, undefined> {
    return iterExperimentTrials(this.#session, this.id, options);
  }

  /** Every trial of the experiment (all pages). */
  async listTrials(options: Omit<TrialListingOptions, 'limit'> = {}): Promise<Trial[]> {
    return collect(this.iterTrials({ ...options, limit: undefined }));
  }

  /** Deprecated: use `listTrials`. */
  async getTrials(options: Omit<TrialListingOptions, 'limit'> = {}): Promise<Trial[]> {
    warnDeprecatedCall('Experiment.getTrials()', 'Experiment.listTrials()', this.#session);
    return this.listTrials(options);
  }

  /** Wait for the experiment's first trial (by start time) and return it. */
  async awaitFirstTrial(options: PollOptions = {}): Promise<Trial> {
    return awaitFirstTrial(this, { ...options, session: this.#session });
  }

  /**
   * Wait until the experiment is COMPLETED, CANCELED, DELETED or ERROR and return that state;
   * PAUSED throws `InvalidArgumentError`. No time limit unless `deadlineMs` is given.
   */
  async wait(options: PollOptions = {}): Promise<ExperimentState> {
    return waitForExperiment(this, { ...options, session: this.#session });
  }

  /** Like `listCheckpoints`, lazily (no request and no validation before iteration starts). */
  iterCheckpoints(options: ListCheckpointsOptions = {}): AsyncGenerator<Checkpoint, void, undefined> {
    return iterCheckpoints(this.#checkpoints, options);
  }

  /**
   * The experiment's COMPLETED checkpoints, ordered by the master by `sortBy` (default the
   * searcher metric); `maxResults` fetches one page of that size.
   */
  async listCheckpoints(options: ListCheckpointsOptions = {}): Promise<Checkpoint[]> {
    return listCheckpoints(this.#checkpoints, options);
  }

  /**
   * Deprecated: use `listCheckpoints`. The best checkpoint: by `sortBy` (ascending only when
   * `smallerIsBetter` is true), or by the master's default (searcher metric) order.
   */
  async topCheckpoint(options: TopCheckpointOptions = {}): Promise<Checkpoint> {
    return topExperimentCheckpoint(this.#session, this.id, options);
  }

  /**
   * Deprecated: use `listCheckpoints`. The best checkpoint of each of the best `limit` trials,
   * sorted client-side from every COMPLETED checkpoint.
   */
  async topNCheckpoints(limit: number, options: TopNCheckpointsOptions = {}): Promise<Checkpoint[]> {
    return topExperimentCheckpoints(this.#session, this.id, { limit, options });
  }

  /** A copy of `config.integrations.pachyderm` (reloads first when the config is unknown). */
  async getPachydermConfig(options?: MethodOptions): Promise<Record<string, unknown>> {
    if (!this.config || Object.keys(this.config).length === 0) await this.reload(options);
    return pachydermConfigOf(this.config, this.id);
  }

  /** `Experiment(id=<id>)`, as the Python SDK's `repr`. */
  override toString(): string {
    return `Experiment(id=${this.id})`;
  }
}

provideExperimentFactory((raw, session) => Experiment.fromApi(raw, session));

/** Deprecated: use `Experiment` (warns once on construction). */
export class ExperimentReference extends Experiment {
  constructor(experimentId: number, session: Session) {
    super(experimentId, session);
    warnDeprecatedCall('ExperimentReference', 'Experiment', session);
  }
}
