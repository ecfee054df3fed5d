/**
 * `Model` (Python SDK section 6.1): a model in the registry and its versions.
 */

import { collect } from '../../core/collect';
import { InvalidArgumentError } from '../../core/errors';
import { isRecord } from '../../core/is-record';
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { OperationBody, OperationResult } from '../../core/operation-types';
import { paginateItems } from '../../core/pagination';
import type { Session } from '../../core/session';
import { warnDeprecatedCall } from '../../lib/deprecation';
import { ModelVersionSortBy, OrderBy, parseEnum } from '../../lib/enums';
import { createWithoutDuplicates } from '../../lib/recover-lost-create';
import { parseApiTimestamp } from '../../lib/timestamps';
import { ModelVersion } from './model-version';
import { findRegisteredVersion } from './model-version-lookup';

type ApiModel = OperationResult<'GetModel'>['model'];

/** Options of `Model.listVersions` / `iterVersions`. */
export interface ModelVersionListingOptions extends MethodOptions {
  /** By version number; default `OrderBy.DESCENDING` (newest first). */
  readonly orderBy?: OrderBy | undefined;
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'string') &&
    value !== null &&
    typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function'
  );
}

function stringList(value: unknown, what: string): string[] {
  // Like upstream, any iterable of strings is accepted, so a string becomes its characters.
  const items = isIterable(value) ? [...value] : undefined;
  if (items === undefined || !items.every((item) => typeof item === 'string')) {
    throw new InvalidArgumentError(`${what} must be an iterable of strings`);
  }
  return items;
}

/** A registered model. `new Model(session, name)` makes no request; other attributes start `null`. */
export class Model {
  /** The model's unique name in the registry. */
  name: string;
  /** Numeric model ID (Python `model_id`). */
  modelId: number | null = null;
  /** Free-text description (`""` when unset). */
  description: string | null = null;
  /** Whole-second precision, as upstream parses it. */
  creationTime: Date | null = null;
  /** Time of the last change to the model or its versions, at whole-second precision. */
  lastUpdatedTime: Date | null = null;
  /** User metadata, a JSON object (`{}` when unset). */
  metadata: Record<string, unknown> | null = null;
  /** Labels (`[]` when unset). */
  labels: string[] | null = null;
  /** Name of the user who registered the model. */
  username: string | null = null;
  /** ID of the workspace the model belongs to. */
  workspaceId: number | null = null;
  /** Whether the model is archived (read-only and hidden from default listings). */
  archived: boolean | null = null;
  readonly #session: Session;

  constructor(session: Session, name: string) {
    this.#session = session;
    this.name = name;
  }

  /** Build a model from a `v1Model`. */
  static fromApi(raw: ApiModel, session: Session): Model {
    const model = new Model(session, raw.name);
    model.#hydrate(raw);
    return model;
  }

  #hydrate(raw: ApiModel): void {
    const creationTime = parseApiTimestamp(raw.creationTime);
    const lastUpdatedTime = parseApiTimestamp(raw.lastUpdatedTime);
    this.modelId = raw.id;
    this.name = raw.name;
    this.description = raw.description ?? '';
    this.creationTime = creationTime;
    this.lastUpdatedTime = lastUpdatedTime;
    this.metadata = raw.metadata ?? {};
    this.labels = raw.labels ?? [];
    this.username = raw.username ?? '';
    this.workspaceId = raw.workspaceId;
    this.archived = raw.archived ?? false;
  }

  get #byName(): { path: { modelName: string } } {
    return { path: { modelName: this.name } };
  }

  async #patch(model: OperationBody<'PatchModel'>, options: MethodOptions | undefined): Promise<void> {
    await this.#session.call('PatchModel', { ...this.#byName, body: model }, callOptions(options));
  }

  /** Re-read the model: `GET /api/v1/models/{name}`. */
  async reload(options?: MethodOptions): Promise<void> {
    const response = await this.#session.call('GetModel', this.#byName, callOptions(options));
    this.#hydrate(response.model);
  }

  /**
   * A version of the model: `-1` (default) is the latest one (or `null` when the model has no
   * versions); another number that version (`NotFoundError` when it does not exist).
   */
  async getVersion(
    options: MethodOptions & { version?: number | undefined } = {},
  ): Promise<ModelVersion | null> {
    const version = options.version ?? -1;
    if (version === -1) {
      const response = await this.#session.call(
        'GetModelVersions',
        {
          ...this.#byName,
          query: { limit: 1, sortBy: ModelVersionSortBy.VERSION, orderBy: OrderBy.DESC },
        },
        callOptions(options),
      );
      const [latest] = response.modelVersions;
      return latest === undefined ? null : ModelVersion.fromApi(latest, this.#session);
    }
    const path = { modelName: this.name, modelVersionNum: version };
    const response = await this.#session.call('GetModelVersion', { path }, callOptions(options));
    return ModelVersion.fromApi(response.modelVersion, this.#session);
  }

  /** The model's versions, lazily, one page at a time, ordered by version number. */
  async *iterVersions(
    options: ModelVersionListingOptions = {},
  ): AsyncGenerator<ModelVersion, void, undefined> {
    const orderBy = parseEnum(OrderBy, options.orderBy ?? OrderBy.DESC, 'orderBy');
    const fetchPage = (offset: number) =>
      this.#session.call(
        'GetModelVersions',
        { ...this.#byName, query: { offset, orderBy } },
        callOptions(options),
      );
    for await (const raw of paginateItems(fetchPage, (page) => page.modelVersions)) {
      yield ModelVersion.fromApi(raw, this.#session);
    }
  }

  /** Every version of the model (all pages), newest first by default. */
  async listVersions(options: ModelVersionListingOptions = {}): Promise<ModelVersion[]> {
    return collect(this.iterVersions(options));
  }

  /** Deprecated: use `listVersions`. */
  async getVersions(options: ModelVersionListingOptions = {}): Promise<ModelVersion[]> {
    warnDeprecatedCall('Model.getVersions()', 'Model.listVersions()', this.#session);
    return this.listVersions(options);
  }

  /**
   * Register checkpoint `checkpointUuid` as a new version of the model. Sent once: when the answer
   * is lost, the version is looked up (this checkpoint, this user, registered since the call).
   * @throws NotCreatedError when the master did not register it (safe to retry).
   * @throws AmbiguousOutcomeError when it may have and the SDK cannot tell which version it is.
   */
  async registerVersion(checkpointUuid: string, options: MethodOptions = {}): Promise<ModelVersion> {
    const session = this.#session;
    const modelName = this.name;
    return createWithoutDuplicates({
      operation: 'Model.registerVersion',
      target: `a version of model ${JSON.stringify(modelName)} for checkpoint ${checkpointUuid}`,
      check: `the newest versions of model ${JSON.stringify(modelName)} (Model.listVersions(), candidate ids are version numbers)`,
      logger: session.logger,
      prepare: () => session.ready('PostModelVersion'),
      create: async () => {
        const body = { checkpointUuid, modelName };
        const response = await session.call(
          'PostModelVersion',
          { ...this.#byName, body },
          callOptions(options),
        );
        return ModelVersion.fromApi(response.modelVersion, session);
      },
      lookup: (window) => findRegisteredVersion(session, { modelName, checkpointUuid, options }, window),
    });
  }

  /** Merge `metadata` into the model's (shallow; the master stores the result); local after success. */
  async addMetadata(metadata: Readonly<Record<string, unknown>>, options?: MethodOptions): Promise<void> {
    if (!isRecord(metadata)) throw new InvalidArgumentError('metadata must be an object');
    const merged = { ...(this.metadata ?? {}), ...metadata };
    await this.#patch({ metadata: merged }, options);
    this.metadata = merged;
  }

  /** Remove top-level `keys` from the metadata (missing keys are ignored); local after success. */
  async removeMetadata(keys: Iterable<string>, options?: MethodOptions): Promise<void> {
    const remaining = { ...(this.metadata ?? {}) };
    for (const key of stringList(keys, 'keys')) delete remaining[key];
    await this.#patch({ metadata: remaining }, options);
    this.metadata = remaining;
  }

  /** Replace the labels (any iterable of strings); local after success. */
  async setLabels(labels: Iterable<string>, options?: MethodOptions): Promise<void> {
    const list = stringList(labels, 'labels');
    await this.#patch({ labels: list }, options);
    this.labels = list;
  }

  /** Set the description; local after success. */
  async setDescription(description: string, options?: MethodOptions): Promise<void> {
    await this.#patch({ description }, options);
    this.description = description;
  }

  /** Move the model to workspace `workspaceName` (the local `workspaceId` is not updated). */
  async moveToWorkspace(workspaceName: string, options?: MethodOptions): Promise<void> {
    await this.#patch({ workspaceName }, options);
  }

  /** Archive the model; `archived` becomes true only after the request succeeds. */
  async archive(options?: MethodOptions): Promise<void> {
    await this.#session.call('ArchiveModel', this.#byName, callOptions(options));
    this.archived = true;
  }

  /** Unarchive the model; `archived` becomes false only after the request succeeds. */
  async unarchive(options?: MethodOptions): Promise<void> {
    await this.#session.call('UnarchiveModel', this.#byName, callOptions(options));
    this.archived = false;
  }

  /** Delete the model. */
  async delete(options?: MethodOptions): Promise<void> {
    await this.#session.call('DeleteModel', this.#byName, callOptions(options));
  }

  /** `Model(name=<name>)`, as the Python SDK's `repr`. */
  toString(): string {
    return `Model(name=${this.name})`;
  }
}
