/**
 * Module-level API mirroring the Python SDK's `determined.experimental.client`: one hidden
 * `Determined` instance. `login()` creates it explicitly (once, before anything else); every
 * other function creates it on first use from the environment and the token cache.
 */

import type { DeterminedOptions } from './auth/connect';
import { InvalidArgumentError } from './core/errors';
import { createLogger } from './core/logger';
import type { MethodOptions } from './core/method-options';
import { Determined } from './determined';
import type { ModelSortBy, OrderBy } from './lib/enums';
import type { ExperimentConfigInput } from './lib/experiment-config';
import type { TrainingMetrics, TrialMetrics, ValidationMetrics } from './lib/metrics';
import type { Checkpoint } from './resources/checkpoints/checkpoint';
import type { CreateExperimentOptions } from './resources/experiments/create-experiment';
import type { Experiment } from './resources/experiments/experiment';
import type { ListExperimentsOptions } from './resources/experiments/list-experiments';
import type { Model } from './resources/models/model';
import type { CreateModelOptions, ListModelsOptions } from './resources/models/registry';
import type { Oauth2ScimClient } from './resources/oauth/oauth';
import type { IterTrialsMetricsOptions, MetricsStreamOptions } from './resources/trials/metrics-streams';
import type { Trial } from './resources/trials/trial';
import type { CreateUserOptions, ListUsersOptions, User } from './resources/users/user';
import type { Workspace } from './resources/workspaces/workspace';

let singleton: Determined | undefined;

function determined(): Determined {
  singleton ??= new Determined();
  return singleton;
}

/** Options of the module-level `createModel` (no labels or workspace, as upstream). */
export type ModuleCreateModelOptions = Pick<
  CreateModelOptions,
  'description' | 'metadata' | 'signal' | 'timeoutMs'
>;

/** Options of the deprecated module-level `getModels`. */
export interface ModuleGetModelsOptions extends MethodOptions {
  /** Sort key (default `ModelSortBy.NAME`). */
  readonly sortBy?: ModelSortBy | undefined;
  /** Sort direction (default `OrderBy.ASCENDING`). */
  readonly orderBy?: OrderBy | undefined;
  /** Default `""` (sent as `name=`). */
  readonly name?: string | undefined;
  /** Default `""` (sent as `description=`). */
  readonly description?: string | undefined;
}

/**
 * Connect the module to a master and log in now. May be called only once, before any other
 * function of this module; for several masters (or users) use `new Determined(...)` objects.
 * @throws InvalidArgumentError when the module is already connected.
 */
export async function login(options: DeterminedOptions = {}): Promise<void> {
  if (singleton) {
    throw new InvalidArgumentError(
      'client.login() may only be called once, and only before any other client function ' +
        '(which connects implicitly). To use several masters or users, create Determined objects: ' +
        'new Determined({ master, user, password }).',
    );
  }
  const created = new Determined(options);
  singleton = created;
  try {
    await created.login();
  } catch (error) {
    if (singleton === created) singleton = undefined;
    await created.close();
    throw error;
  }
}

/**
 * Log the module's user out and forget the connection (the next call connects again). Before any
 * other call there is nothing to log out of: a warning is logged and nothing happens.
 */
export async function logout(options: MethodOptions = {}): Promise<void> {
  if (!singleton) {
    createLogger().warn(
      'client.logout() was called before the client logged in; there is nothing to log out of.',
    );
    return;
  }
  const current = singleton;
  await current.logout(options);
  if (singleton === current) singleton = undefined;
}

/** Forget (and close) the module's connection, so tests start from scratch. Not exported publicly. */
export async function resetClientForTests(): Promise<void> {
  const current = singleton;
  singleton = undefined;
  await current?.close();
}

/** See `Determined.createExperiment`. */
export function createExperiment(
  config: ExperimentConfigInput,
  options: CreateExperimentOptions = {},
): Promise<Experiment> {
  return determined().createExperiment(config, options);
}

/** See `Determined.getExperiment` (on the module's connection). */
export function getExperiment(experimentId: number, options: MethodOptions = {}): Promise<Experiment> {
  return determined().getExperiment(experimentId, options);
}

/** See `Determined.listExperiments` (on the module's connection). */
export function listExperiments(options: ListExperimentsOptions = {}): Promise<Experiment[]> {
  return determined().listExperiments(options);
}

/** See `Determined.iterExperiments` (on the module's connection). */
export function iterExperiments(options: ListExperimentsOptions = {}): AsyncIterable<Experiment> {
  return determined().iterExperiments(options);
}

/** See `Determined.getTrial` (on the module's connection). */
export function getTrial(trialId: number, options: MethodOptions = {}): Promise<Trial> {
  return determined().getTrial(trialId, options);
}

/** See `Determined.getCheckpoint` (on the module's connection). */
export function getCheckpoint(uuid: string, options: MethodOptions = {}): Promise<Checkpoint> {
  return determined().getCheckpoint(uuid, options);
}

/** See `Determined.createUser` (on the module's connection). */
export function createUser(username: string, admin: boolean, options: CreateUserOptions = {}): Promise<User> {
  return determined().createUser(username, admin, options);
}

/** See `Determined.getUserById` (on the module's connection). */
export function getUserById(userId: number, options: MethodOptions = {}): Promise<User> {
  return determined().getUserById(userId, options);
}

/** See `Determined.getUserByName` (on the module's connection). */
export function getUserByName(userName: string, options: MethodOptions = {}): Promise<User> {
  return determined().getUserByName(userName, options);
}

/** See `Determined.whoami` (on the module's connection). */
export function whoami(options: MethodOptions = {}): Promise<User> {
  return determined().whoami(options);
}

/** The module session's username (logs in first if needed). */
export function getSessionUsername(): Promise<string> {
  return determined().getSessionUsername();
}

/** See `Determined.listUsers` (on the module's connection). */
export function listUsers(options: ListUsersOptions = {}): Promise<User[]> {
  return determined().listUsers(options);
}

/** See `Determined.iterUsers` (on the module's connection). */
export function iterUsers(options: ListUsersOptions = {}): AsyncIterable<User> {
  return determined().iterUsers(options);
}

/** See `Determined.getWorkspace` (on the module's connection). */
export function getWorkspace(name: string, options: MethodOptions = {}): Promise<Workspace> {
  return determined().getWorkspace(name, options);
}

/** See `Determined.listWorkspaces` (on the module's connection). */
export function listWorkspaces(options: MethodOptions = {}): Promise<Workspace[]> {
  return determined().listWorkspaces(options);
}

/** See `Determined.iterWorkspaces` (on the module's connection). */
export function iterWorkspaces(options: MethodOptions = {}): AsyncIterable<Workspace> {
  return determined().iterWorkspaces(options);
}

/** See `Determined.createWorkspace` (on the module's connection). */
export function createWorkspace(name: string, options: MethodOptions = {}): Promise<Workspace> {
  return determined().createWorkspace(name, options);
}

/** See `Determined.deleteWorkspace` (on the module's connection). */
export function deleteWorkspace(name: string, options: MethodOptions = {}): Promise<void> {
  return determined().deleteWorkspace(name, options);
}

/** Register a model (module form: description and metadata only). */
export function createModel(name: string, options: ModuleCreateModelOptions = {}): Promise<Model> {
  const { description, metadata, signal, timeoutMs } = options;
  return determined().createModel(name, { description, metadata, signal, timeoutMs });
}

/** See `Determined.getModel` (on the module's connection). */
export function getModel(identifier: string | number, options: MethodOptions = {}): Promise<Model> {
  return determined().getModel(identifier, options);
}

/** @deprecated Use `getModel`. */
export function getModelById(modelId: number, options: MethodOptions = {}): Promise<Model> {
  return determined().getModelById(modelId, options);
}

/** @deprecated Use `listModels`. Unlike `listModels`, sends `name=` and `description=` by default. */
export function getModels(options: ModuleGetModelsOptions = {}): Promise<Model[]> {
  const { sortBy, orderBy, signal, timeoutMs } = options;
  const name = options.name ?? '';
  const description = options.description ?? '';
  return determined().getModels({ sortBy, orderBy, name, description, signal, timeoutMs });
}

/** See `Determined.listModels` (on the module's connection). */
export function listModels(options: ListModelsOptions = {}): Promise<Model[]> {
  return determined().listModels(options);
}

/** See `Determined.iterModels` (on the module's connection). */
export function iterModels(options: ListModelsOptions = {}): AsyncIterable<Model> {
  return determined().iterModels(options);
}

/** See `Determined.getModelLabels` (on the module's connection). */
export function getModelLabels(options: MethodOptions = {}): Promise<string[]> {
  return determined().getModelLabels(options);
}

/** See `Determined.iterTrialsMetrics` (on the module's connection). */
export function iterTrialsMetrics(
  trialIds: readonly number[],
  group: string,
  options: IterTrialsMetricsOptions = {},
): AsyncIterable<TrialMetrics> {
  return determined().iterTrialsMetrics(trialIds, group, options);
}

/** @deprecated Use `iterTrialsMetrics`. */
export function streamTrialsMetrics(
  trialIds: readonly number[],
  group: string,
  options: IterTrialsMetricsOptions = {},
): AsyncIterable<TrialMetrics> {
  return determined().streamTrialsMetrics(trialIds, group, options);
}

/** @deprecated Use `iterTrialsMetrics(trialIds, 'training')`. */
export function streamTrialsTrainingMetrics(
  trialIds: readonly number[],
  options: MetricsStreamOptions = {},
): AsyncIterable<TrainingMetrics> {
  return determined().streamTrialsTrainingMetrics(trialIds, options);
}

/** @deprecated Use `iterTrialsMetrics(trialIds, 'validation')`. */
export function streamTrialsValidationMetrics(
  trialIds: readonly number[],
  options: MetricsStreamOptions = {},
): AsyncIterable<ValidationMetrics> {
  return determined().streamTrialsValidationMetrics(trialIds, options);
}

/** See `Determined.listOauthClients` (on the module's connection). */
export function listOauthClients(options: MethodOptions = {}): Promise<Oauth2ScimClient[]> {
  return determined().listOauthClients(options);
}

/** See `Determined.addOauthClient` (on the module's connection). */
export function addOauthClient(
  domain: string,
  name: string,
  options: MethodOptions = {},
): Promise<Oauth2ScimClient> {
  return determined().addOauthClient(domain, name, options);
}

/** See `Determined.removeOauthClient` (on the module's connection). */
export function removeOauthClient(clientId: string, options: MethodOptions = {}): Promise<void> {
  return determined().removeOauthClient(clientId, options);
}
