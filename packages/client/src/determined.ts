import { type Connection, connect, type DeterminedOptions } from './auth/connect';
import { revokeToken } from './auth/login';
import { logout as logoutFromCache } from './auth/logout';
import type { ApiClient } from './core/api-client';
import type { MasterInfo } from './core/master-version';
import type { MethodOptions } from './core/method-options';
import type { LazySession } from './core/session';
import { warnDeprecatedCall } from './lib/deprecation';
import type { ExperimentConfigInput } from './lib/experiment-config';
import type { TrainingMetrics, TrialMetrics, ValidationMetrics } from './lib/metrics';
import type { Checkpoint } from './resources/checkpoints/checkpoint';
import { getCheckpoint } from './resources/checkpoints/get-checkpoint';
import type { CreateExperimentOptions } from './resources/experiments/create-experiment';
import { createExperiment } from './resources/experiments/create-experiment';
import type { Experiment } from './resources/experiments/experiment';
import type { ListExperimentsOptions } from './resources/experiments/list-experiments';
import * as experiments from './resources/experiments/list-experiments';
import type { Model } from './resources/models/model';
import type { CreateModelOptions, ListModelsOptions } from './resources/models/registry';
import * as models from './resources/models/registry';
import type { Oauth2ScimClient } from './resources/oauth/oauth';
import * as oauth from './resources/oauth/oauth';
import { getTrial } from './resources/trials/get-trial';
import type { IterTrialsMetricsOptions, MetricsStreamOptions } from './resources/trials/metrics-streams';
import * as metrics from './resources/trials/metrics-streams';
import type { Trial } from './resources/trials/trial';
import type { CreateUserOptions, ListUsersOptions, User } from './resources/users/user';
import * as users from './resources/users/user';
import type { Workspace } from './resources/workspaces/workspace';
import * as workspaces from './resources/workspaces/workspace';

/**
 * Access to one Determined master, mirroring the Python SDK's `Determined` class.
 *
 * Unlike Python, construction does no I/O: the master URL is canonicalized right away (an invalid
 * one throws `InvalidArgumentError`), while TLS settings and credentials are resolved on the first
 * call that needs them (or on `await det.login()`). Credentials come from the options, then
 * `DET_USER`/`DET_PASS`, the token cache shared with the `det` CLI, `DET_USER_TOKEN`, and finally
 * the default user `determined` with an empty password; there is never an interactive prompt.
 */
export class Determined {
  /** Canonical master URL. */
  readonly master: string;
  /** The session facade objects use (e.g. `new Experiment(id, det.session)`). */
  readonly session: LazySession;
  /**
   * Typed low-level client for every operation of the spec, on the same connection. Each call
   * logs in first when needed, so it always carries the token. Built on first access
   * (openapi-fetch loads Node's fetch implementation when a client is created).
   */
  get api(): ApiClient {
    return this.#connection.api;
  }

  readonly #connection: Connection;

  constructor(options: DeterminedOptions = {}) {
    this.#connection = connect(options);
    this.master = this.#connection.master;
    this.session = this.#connection.session;
  }

  /** Log in now (idempotent) instead of on first use; rejects with the login's typed error. */
  async login(): Promise<void> {
    await this.session.login();
  }

  /** Close the connections this object opened (an injected `dispatcher` stays open). */
  async close(): Promise<void> {
    await this.#connection.close();
  }

  /** Create and activate an experiment (`config`: a YAML file path or a config object). */
  createExperiment(
    config: ExperimentConfigInput,
    options: CreateExperimentOptions = {},
  ): Promise<Experiment> {
    return createExperiment(this.session, config, options);
  }

  /** The experiment with this id. */
  getExperiment(experimentId: number, options: MethodOptions = {}): Promise<Experiment> {
    return experiments.getExperiment(this.session, experimentId, options);
  }

  /** Every experiment matching the filters. */
  listExperiments(options: ListExperimentsOptions = {}): Promise<Experiment[]> {
    return experiments.listExperiments(this.session, options);
  }

  /** Like `listExperiments`, lazily, one page at a time. */
  iterExperiments(options: ListExperimentsOptions = {}): AsyncIterable<Experiment> {
    return experiments.iterExperiments(this.session, options);
  }

  /** The trial with this id. */
  getTrial(trialId: number, options: MethodOptions = {}): Promise<Trial> {
    return getTrial(this.session, trialId, options);
  }

  /** The checkpoint with this UUID. */
  getCheckpoint(uuid: string, options: MethodOptions = {}): Promise<Checkpoint> {
    return getCheckpoint(this.session, uuid, options);
  }

  /** Create a user (the password must satisfy the complexity rules unless `remote`). */
  createUser(username: string, admin: boolean, options: CreateUserOptions = {}): Promise<User> {
    return users.createUser(this.session, username, admin, options);
  }

  /** The user with this id. */
  getUserById(userId: number, options: MethodOptions = {}): Promise<User> {
    return users.getUserById(this.session, userId, options);
  }

  /** The user with this username. */
  getUserByName(userName: string, options: MethodOptions = {}): Promise<User> {
    return users.getUserByName(this.session, userName, options);
  }

  /** The logged-in user (`GET /api/v1/me`). */
  whoami(options: MethodOptions = {}): Promise<User> {
    return users.whoami(this.session, options);
  }

  /**
   * The connected master's info from `GET /api/v1/master` (its `version`, `masterId`, `clusterId`,
   * `clusterName`, ...), read once per session. The same read lets the SDK refuse an operation the
   * master's version does not have with `UnsupportedOperationError` instead of an opaque 404.
   */
  masterInfo(): Promise<MasterInfo> {
    return this.session.masterInfo();
  }

  /** The session's username (no request of its own, but logs in first if needed). */
  getSessionUsername(): Promise<string> {
    return this.session.username();
  }

  /** Every user (optionally only active or inactive ones). */
  listUsers(options: ListUsersOptions = {}): Promise<User[]> {
    return users.listUsers(this.session, options);
  }

  /** Like `listUsers`, lazily, one page at a time. */
  iterUsers(options: ListUsersOptions = {}): AsyncIterable<User> {
    return users.iterUsers(this.session, options);
  }

  /**
   * Log the session's user out: when a token is cached for it, drop it from the token cache and
   * revoke it on the master (errors of an already invalid token are ignored). A session built from
   * `DET_USER_TOKEN` or an explicit `token` has nothing cached, so nothing happens. This object
   * keeps its (now revoked) token: create a new `Determined` to log in again.
   */
  async logout(options: MethodOptions = {}): Promise<void> {
    const { transport } = this.session;
    const user = await this.session.username();
    await logoutFromCache({
      master: this.master,
      configDir: this.#connection.configDir,
      env: this.#connection.env,
      user,
      postLogout: (token) => revokeToken(transport, token, options),
    });
  }

  /** The workspace with this name (`NotFoundError` when none). */
  getWorkspace(name: string, options: MethodOptions = {}): Promise<Workspace> {
    return workspaces.getWorkspace(this.session, name, options);
  }

  /** Every workspace. */
  listWorkspaces(options: MethodOptions = {}): Promise<Workspace[]> {
    return workspaces.listWorkspaces(this.session, options);
  }

  /** Like `listWorkspaces`, lazily, one page at a time. */
  iterWorkspaces(options: MethodOptions = {}): AsyncIterable<Workspace> {
    return workspaces.iterWorkspaces(this.session, options);
  }

  /** Create a workspace. */
  createWorkspace(name: string, options: MethodOptions = {}): Promise<Workspace> {
    return workspaces.createWorkspace(this.session, name, options);
  }

  /** Look the workspace up by name, then delete it. */
  deleteWorkspace(name: string, options: MethodOptions = {}): Promise<void> {
    return workspaces.deleteWorkspace(this.session, name, options);
  }

  /** Register a model (unset fields are sent as `null`, the description as `""`). */
  createModel(name: string, options: CreateModelOptions = {}): Promise<Model> {
    return models.createModel(this.session, name, options);
  }

  /** The model with this name or numeric id. */
  getModel(identifier: string | number, options: MethodOptions = {}): Promise<Model> {
    return models.getModel(this.session, identifier, options);
  }

  /** @deprecated Use `getModel`, which takes a name or an id. */
  getModelById(modelId: number, options: MethodOptions = {}): Promise<Model> {
    warnDeprecatedCall('Determined.getModelById', 'Determined.getModel', this.session);
    return models.getModel(this.session, modelId, options);
  }

  /** @deprecated Use `listModels`. */
  getModels(options: ListModelsOptions = {}): Promise<Model[]> {
    warnDeprecatedCall('Determined.getModels', 'Determined.listModels', this.session);
    return models.listModels(this.session, options);
  }

  /** Every model matching the filters, sorted by name ascending unless told otherwise. */
  listModels(options: ListModelsOptions = {}): Promise<Model[]> {
    return models.listModels(this.session, options);
  }

  /** Like `listModels`, lazily, one page at a time. */
  iterModels(options: ListModelsOptions = {}): AsyncIterable<Model> {
    return models.iterModels(this.session, options);
  }

  /** Every label used on a model, most used first. */
  getModelLabels(options: MethodOptions = {}): Promise<string[]> {
    return models.getModelLabels(this.session, options);
  }

  /**
   * Every stored metrics report of `group` (e.g. `training`, `validation`) for these trials, lazily;
   * with `{ follow: true, intervalMs }`, also the new ones as they come, until every trial is terminal.
   */
  iterTrialsMetrics(
    trialIds: readonly number[],
    group: string,
    options: IterTrialsMetricsOptions = {},
  ): AsyncIterable<TrialMetrics> {
    return metrics.iterTrialsMetrics(this.session, trialIds, group, options);
  }

  /** @deprecated Use `iterTrialsMetrics`. */
  streamTrialsMetrics(
    trialIds: readonly number[],
    group: string,
    options: IterTrialsMetricsOptions = {},
  ): AsyncIterable<TrialMetrics> {
    warnDeprecatedCall('Determined.streamTrialsMetrics', 'Determined.iterTrialsMetrics', this.session);
    return metrics.iterTrialsMetrics(this.session, trialIds, group, options);
  }

  /** @deprecated Use `iterTrialsMetrics(trialIds, 'training')`. */
  streamTrialsTrainingMetrics(
    trialIds: readonly number[],
    options: MetricsStreamOptions = {},
  ): AsyncIterable<TrainingMetrics> {
    warnDeprecatedCall(
      'Determined.streamTrialsTrainingMetrics',
      "Determined.iterTrialsMetrics(trialIds, 'training')",
      this.session,
    );
    return metrics.streamTrialsTrainingMetrics(this.session, trialIds, options);
  }

  /** @deprecated Use `iterTrialsMetrics(trialIds, 'validation')`. */
  streamTrialsValidationMetrics(
    trialIds: readonly number[],
    options: MetricsStreamOptions = {},
  ): AsyncIterable<ValidationMetrics> {
    warnDeprecatedCall(
      'Determined.streamTrialsValidationMetrics',
      "Determined.iterTrialsMetrics(trialIds, 'validation')",
      this.session,
    );
    return metrics.streamTrialsValidationMetrics(this.session, trialIds, options);
  }

  /** OAuth2 SCIM clients (enterprise edition; `EnterpriseOnlyError` otherwise). */
  listOauthClients(options: MethodOptions = {}): Promise<Oauth2ScimClient[]> {
    return oauth.listOauthClients(this.session, options);
  }

  /** Register an OAuth2 SCIM client; the result carries its `id` and `secret`. */
  addOauthClient(domain: string, name: string, options: MethodOptions = {}): Promise<Oauth2ScimClient> {
    return oauth.addOauthClient(this.session, domain, name, options);
  }

  /** Remove an OAuth2 SCIM client (enterprise edition). */
  removeOauthClient(clientId: string, options: MethodOptions = {}): Promise<void> {
    return oauth.removeOauthClient(this.session, clientId, options);
  }

  /** What `JSON.stringify` shows: the master URL only, never credentials. */
  toJSON(): {
    /** Canonical master URL. */
    master: string;
  } {
    return { master: this.master };
  }
}
