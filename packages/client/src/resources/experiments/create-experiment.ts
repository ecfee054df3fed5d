/**
 * The experiment, trial and checkpoint calls of `Determined` (Python SDK sections 2.2–2.4):
 * creating an experiment from a config and a model directory, fetching and listing.
 */
import type { components } from '@determined-ts/bindings';
import { Checkpoint } from './checkpoint';
import { collect } from './collect';
import type { Logger } from './core/logger';
import { paginateItems } from './core/pagination';
import { quotePathParam } from './core/query';
import { Experiment } from './experiment';
import {
  ExperimentSortBy,
  ExperimentState,
  LAUNCH_WARNING_CURRENT_SLOTS_EXCEEDED,
  OrderBy,
  parseEnum,
} from './facade/enums';
import { type ExperimentConfigInput, experimentConfigText } from './facade/experiment-config';
import { buildModelDefinition } from './facade/model-context';
import { callOptions, type MethodOptions } from './method-options';
import type { Session } from './session';
import { Trial } from './trial';

type Schemas = components['schemas'];

/** Options of `createExperiment`. */
export interface CreateExperimentOptions extends MethodOptions {
  /** Directory whose contents become the model definition (none when unset; `includes` are then ignored). */
  readonly modelDir?: string | undefined;
  /** Extra files or directories added next to the model directory's contents. */
  readonly includes?: readonly string[] | undefined;
  /** Project to create the experiment in (default: the master's, `Uncategorized`). */
  readonly projectId?: number | undefined;
  /** Name of a config template to merge the config into. */
  readonly template?: string | undefined;
  /** Start the experiment right away (default true, as the Python SDK always does); false creates it paused. */
  readonly activate?: boolean | undefined;
}

/** Options of `listExperiments` / `iterExperiments` (all filters optional). */
export interface ListExperimentsOptions extends MethodOptions {
  readonly sortBy?: ExperimentSortBy | undefined;
  readonly orderBy?: OrderBy | undefined;
  readonly experimentIds?: readonly number[] | undefined;
  readonly labels?: readonly string[] | undefined;
  /** Usernames of the experiments' owners. */
  readonly users?: readonly string[] | undefined;
  readonly states?: readonly ExperimentState[] | undefined;
  readonly name?: string | undefined;
  readonly projectId?: number | undefined;
}

const LAUNCH_WARNINGS: Readonly<Record<string, string>> = {
  [LAUNCH_WARNING_CURRENT_SLOTS_EXCEEDED]:
    'The requested job requires more slots than currently available. ' +
    'You may need to increase cluster resources in order for the job to run.',
};

function logLaunchWarning(logger: Logger, warning: string): void {
  logger.warn(LAUNCH_WARNINGS[warning] ?? `The master reported a launch warning: ${warning}`, { warning });
}

/**
 * `POST /api/v1/experiments` with body exactly `{activate, config, modelDefinition, projectId,
 * template}` (`activate` true unless asked otherwise, unset ones `null`); logs each launch
 * warning of the answer.
 */
export async function createExperiment(
  session: Session,
  config: ExperimentConfigInput,
  options: CreateExperimentOptions = {},
): Promise<Experiment> {
  const configText = await experimentConfigText(config);
  const modelDefinition =
    options.modelDir === undefined
      ? null
      : await buildModelDefinition({
          modelDir: options.modelDir,
          includes: options.includes,
          logger: session.logger,
        });
  const response = await session.request<Schemas['v1CreateExperimentResponse']>(
    'POST',
    '/api/v1/experiments',
    {
      ...callOptions(options),
      body: {
        activate: options.activate ?? true,
        config: configText,
        modelDefinition,
        projectId: options.projectId ?? null,
        template: options.template ?? null,
      },
      schema: 'v1CreateExperimentResponse',
    },
  );
  for (const warning of response.warnings ?? []) logLaunchWarning(session.logger, warning);
  return Experiment.fromApi(response.experiment, session);
}

/** `GET /api/v1/experiments/{id}`. */
export async function getExperiment(
  session: Session,
  experimentId: number,
  options: MethodOptions = {},
): Promise<Experiment> {
  const path = `/api/v1/experiments/${quotePathParam(experimentId)}`;
  const response = await session.request<Schemas['v1GetExperimentResponse']>('GET', path, {
    ...callOptions(options),
    schema: 'v1GetExperimentResponse',
  });
  return Experiment.fromApi(response.experiment, session);
}

/** The query of `GET /api/v1/experiments` for these filters (enum values checked). */
export function listExperimentsQuery(options: ListExperimentsOptions): Record<string, unknown> {
  return {
    sortBy: options.sortBy === undefined ? undefined : parseEnum(ExperimentSortBy, options.sortBy, 'sortBy'),
    orderBy: options.orderBy === undefined ? undefined : parseEnum(OrderBy, options.orderBy, 'orderBy'),
    labels: options.labels,
    'experimentIdFilter.incl': options.experimentIds,
    name: options.name,
    states: options.states?.map((state) => parseEnum(ExperimentState, state, 'states')),
    users: options.users,
    projectId: options.projectId,
  };
}

/** Lazily page through `GET /api/v1/experiments` (validation and requests start with iteration). */
export function iterExperiments(
  session: Session,
  options: ListExperimentsOptions = {},
): AsyncIterable<Experiment> {
  return (async function* () {
    const query = listExperimentsQuery(options);
    const experiments = paginateItems(
      (offset) =>
        session.request<Schemas['v1GetExperimentsResponse']>('GET', '/api/v1/experiments', {
          ...callOptions(options),
          query: { ...query, offset },
          schema: 'v1GetExperimentsResponse',
        }),
      (page) => page.experiments,
    );
    for await (const raw of experiments) yield Experiment.fromApi(raw, session);
  })();
}

/** Every experiment matching the filters (all pages, in server order). */
export async function listExperiments(
  session: Session,
  options: ListExperimentsOptions = {},
): Promise<Experiment[]> {
  listExperimentsQuery(options);
  return collect(iterExperiments(session, options));
}

/** `GET /api/v1/trials/{id}`. */
export async function getTrial(
  session: Session,
  trialId: number,
  options: MethodOptions = {},
): Promise<Trial> {
  const response = await session.request<Schemas['v1GetTrialResponse']>(
    'GET',
    `/api/v1/trials/${quotePathParam(trialId)}`,
    { ...callOptions(options), schema: 'v1GetTrialResponse' },
  );
  return Trial.fromApi(response.trial, session);
}

/** `GET /api/v1/checkpoints/{uuid}`. */
export async function getCheckpoint(
  session: Session,
  uuid: string,
  options: MethodOptions = {},
): Promise<Checkpoint> {
  const response = await session.request<Schemas['v1GetCheckpointResponse']>(
    'GET',
    `/api/v1/checkpoints/${quotePathParam(uuid)}`,
    { ...callOptions(options), schema: 'v1GetCheckpointResponse' },
  );
  return Checkpoint.fromApi(response.checkpoint, session);
}
