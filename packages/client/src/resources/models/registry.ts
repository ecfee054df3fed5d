import { collect } from '../../core/collect';
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { OperationBody, OperationQuery } from '../../core/operation-types';
import { paginateItems } from '../../core/pagination';
import type { Session } from '../../core/session';
import { ModelSortBy, OrderBy, parseEnum } from '../../lib/enums';
import { createWithoutDuplicates } from '../../lib/recover-lost-create';
import { Model } from './model';
import { findCreatedModel } from './model-lookup';

/** Options of `createModel`. */
export interface CreateModelOptions extends MethodOptions {
  /** Default `""`. */
  readonly description?: string | undefined;
  /** Initial user metadata, a JSON object (default: none). */
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
  /** Initial labels (default: none). */
  readonly labels?: readonly string[] | undefined;
  /** Workspace to register the model in (default: the master's). */
  readonly workspaceName?: string | undefined;
}

/** Options of `listModels` / `iterModels`. */
export interface ListModelsOptions extends MethodOptions {
  /** Default `ModelSortBy.NAME`. */
  readonly sortBy?: ModelSortBy | undefined;
  /** Default `OrderBy.ASCENDING`. */
  readonly orderBy?: OrderBy | undefined;
  /** Only models whose name matches or contains this text. */
  readonly name?: string | undefined;
  /** Only models whose description matches or contains this text. */
  readonly description?: string | undefined;
  /** Only the model with this numeric ID (Python `model_id`). */
  readonly modelId?: number | undefined;
  /** Only models in these workspaces, by name. */
  readonly workspaceNames?: readonly string[] | undefined;
  /** Only models in these workspaces, by ID. */
  readonly workspaceIds?: readonly number[] | undefined;
}

/**
 * `POST /api/v1/models` with `{name, description, labels, metadata, notes: null, workspaceName}`.
 * Sent once: when the answer is lost, the model is looked up by its (unique) name.
 * @throws NotCreatedError when the master did not create it (safe to retry).
 * @throws AmbiguousOutcomeError when a model with the name exists that may not be this call's.
 */
export async function createModel(
  session: Session,
  name: string,
  options: CreateModelOptions = {},
): Promise<Model> {
  const body: OperationBody<'PostModel'> = {
    name,
    description: options.description ?? '',
    labels: options.labels === undefined ? null : [...options.labels],
    metadata: options.metadata ?? null,
    notes: null,
    workspaceName: options.workspaceName ?? null,
  };
  return createWithoutDuplicates({
    operation: 'createModel',
    target: `model ${JSON.stringify(name)}`,
    check: `the model named ${JSON.stringify(name)} (getModel(${JSON.stringify(name)}))`,
    logger: session.logger,
    prepare: () => session.ready('PostModel'),
    create: async () => {
      const response = await session.call('PostModel', { body }, callOptions(options));
      return Model.fromApi(response.model, session);
    },
    lookup: (window) => findCreatedModel(session, body, window, options),
  });
}

/** `GET /api/v1/models/{identifier}`: the master resolves a name or a numeric id. */
export async function getModel(
  session: Session,
  identifier: string | number,
  options: MethodOptions = {},
): Promise<Model> {
  const path = { modelName: String(identifier) };
  const response = await session.call('GetModel', { path }, callOptions(options));
  return Model.fromApi(response.model, session);
}

/** The query of `GET /api/v1/models` (`sortBy`/`orderBy` always sent, enum values checked). */
export function listModelsQuery(options: ListModelsOptions): OperationQuery<'GetModels'> {
  return {
    sortBy: parseEnum(ModelSortBy, options.sortBy ?? ModelSortBy.NAME, 'sortBy'),
    orderBy: parseEnum(OrderBy, options.orderBy ?? OrderBy.ASCENDING, 'orderBy'),
    name: options.name,
    description: options.description,
    id: options.modelId,
    workspaceNames: options.workspaceNames,
    workspaceIds: options.workspaceIds,
  };
}

/** Lazily page through `GET /api/v1/models`. */
export function iterModels(session: Session, options: ListModelsOptions = {}): AsyncIterable<Model> {
  return (async function* () {
    const query = listModelsQuery(options);
    const models = paginateItems(
      (offset) => session.call('GetModels', { query: { ...query, offset } }, callOptions(options)),
      (page) => page.models,
    );
    for await (const raw of models) yield Model.fromApi(raw, session);
  })();
}

/** Every model matching the filters (all pages). */
export async function listModels(session: Session, options: ListModelsOptions = {}): Promise<Model[]> {
  listModelsQuery(options);
  return collect(iterModels(session, options));
}

/** `GET /api/v1/model/labels`: every label in use, most used first. */
export async function getModelLabels(session: Session, options: MethodOptions = {}): Promise<string[]> {
  const response = await session.call('GetModelLabels', {}, callOptions(options));
  return response.labels;
}
