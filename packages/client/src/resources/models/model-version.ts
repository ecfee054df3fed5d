/**
 * `ModelVersion` (Python SDK section 6.2): one registered checkpoint of a model.
 */
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { OperationBody, OperationResult } from '../../core/operation-types';
import type { Session } from '../../core/session';
import { warnDeprecatedCall } from '../../lib/deprecation';
import { TRIAL_SOURCE_INFO_TYPE_INFERENCE } from '../../lib/enums';
import { TrialMetrics } from '../../lib/metrics';
import { Checkpoint } from '../checkpoints/checkpoint';

type ApiModelVersion = OperationResult<'GetModelVersion'>['modelVersion'];

/** Options of `ModelVersion.iterMetrics`. */
export interface ModelVersionMetricsOptions extends MethodOptions {
  /** Metric group to ask for and to read reports as (default: every group, read as `avg_metrics`). */
  readonly group?: string | undefined;
}

/**
 * A version of a registered model. `new ModelVersion(session, modelVersion, modelName)` makes no
 * request; the other attributes start `null`.
 */
export class ModelVersion {
  /** Name of the registered model this is a version of. */
  modelName: string;
  /** The version number within the model. */
  modelVersion: number;
  /** Numeric ID of that model. */
  modelId: number | null = null;
  /** The checkpoint registered as this version. */
  checkpoint: Checkpoint | null = null;
  /** User metadata, a JSON object (`{}` when unset). */
  metadata: Record<string, unknown> | null = null;
  /** Optional display name of the version. */
  name: string | null = null;
  /** Short comment (`""` when unset). */
  comment: string | null = null;
  /** Markdown notes (`""` when unset). */
  notes: string | null = null;
  readonly #session: Session;

  constructor(session: Session, modelVersion: number, modelName: string) {
    this.#session = session;
    this.modelVersion = modelVersion;
    this.modelName = modelName;
  }

  /** Build a model version from a `v1ModelVersion` (with its model and checkpoint). */
  static fromApi(raw: ApiModelVersion, session: Session): ModelVersion {
    const version = new ModelVersion(session, raw.version, raw.model.name);
    version.#hydrate(raw);
    return version;
  }

  #hydrate(raw: ApiModelVersion): void {
    const checkpoint = Checkpoint.fromApi(raw.checkpoint, this.#session);
    this.modelName = raw.model.name;
    this.modelVersion = raw.version;
    this.modelId = raw.model.id;
    this.checkpoint = checkpoint;
    this.metadata = raw.metadata ?? {};
    this.name = raw.name ?? null;
    this.comment = raw.comment ?? '';
    this.notes = raw.notes ?? '';
  }

  get #byVersion(): { path: { modelName: string; modelVersionNum: number } } {
    return { path: { modelName: this.modelName, modelVersionNum: this.modelVersion } };
  }

  async #patch(
    fields: OperationBody<'PatchModelVersion'>,
    options: MethodOptions | undefined,
  ): Promise<void> {
    await this.#session.call('PatchModelVersion', { ...this.#byVersion, body: fields }, callOptions(options));
  }

  /** Rename the version; the local `name` changes only after the request succeeds. */
  async setName(name: string, options?: MethodOptions): Promise<void> {
    await this.#patch({ name }, options);
    this.name = name;
  }

  /** Replace the notes; the local `notes` change only after the request succeeds. */
  async setNotes(notes: string, options?: MethodOptions): Promise<void> {
    await this.#patch({ notes }, options);
    this.notes = notes;
  }

  /** Delete this version of the model. */
  async delete(options?: MethodOptions): Promise<void> {
    await this.#session.call('DeleteModelVersion', this.#byVersion, callOptions(options));
  }

  /** Re-read the version: `GET /api/v1/models/{name}/versions/{version}`. */
  async reload(options?: MethodOptions): Promise<void> {
    const response = await this.#session.call('GetModelVersion', this.#byVersion, callOptions(options));
    this.#hydrate(response.modelVersion);
  }

  /**
   * The inference metrics reported for this version, lazily (no request before iteration).
   * Reports are read as `options.group`; without a group every report is read as `avg_metrics`.
   */
  async *iterMetrics(
    options: ModelVersionMetricsOptions = {},
  ): AsyncGenerator<TrialMetrics, void, undefined> {
    const { group } = options;
    const response = await this.#session.call(
      'GetTrialMetricsByModelVersion',
      {
        ...this.#byVersion,
        query: { trialSourceInfoType: TRIAL_SOURCE_INFO_TYPE_INFERENCE, metricGroup: group },
      },
      callOptions(options),
    );
    for (const report of response.metrics) yield TrialMetrics.fromReport(report, group);
  }

  /** Deprecated: use `iterMetrics`. */
  getMetrics(options: ModelVersionMetricsOptions = {}): AsyncGenerator<TrialMetrics, void, undefined> {
    warnDeprecatedCall('ModelVersion.getMetrics()', 'ModelVersion.iterMetrics()', this.#session);
    return this.iterMetrics(options);
  }

  /** `ModelVersion(modelName=<name>, modelVersion=<n>)`. */
  toString(): string {
    return `ModelVersion(modelName=${this.modelName}, modelVersion=${this.modelVersion})`;
  }
}
