/**
 * `@determined-ts/client`: a TypeScript SDK for the Determined master, mirroring the Python SDK's
 * `determined.experimental.client` (module functions, `Determined`, and the domain classes).
 */

export {
  Checkpoint,
  type CheckpointDownloadOptions,
  type CheckpointMetricsOptions,
  CheckpointTrainingMetadata,
  type CheckpointValidationMetrics,
} from './checkpoint';
export type { ListCheckpointsOptions, TopCheckpointOptions } from './checkpoint-listing';
export {
  addOauthClient,
  createExperiment,
  createModel,
  createUser,
  createWorkspace,
  deleteWorkspace,
  getCheckpoint,
  getExperiment,
  getModel,
  getModelById,
  getModelLabels,
  getModels,
  getSessionUsername,
  getTrial,
  getUserById,
  getUserByName,
  getWorkspace,
  iterExperiments,
  iterModels,
  iterTrialsMetrics,
  iterUsers,
  iterWorkspaces,
  listExperiments,
  listModels,
  listOauthClients,
  listUsers,
  listWorkspaces,
  login,
  logout,
  type ModuleCreateModelOptions,
  type ModuleGetModelsOptions,
  removeOauthClient,
  streamTrialsMetrics,
  streamTrialsTrainingMetrics,
  streamTrialsValidationMetrics,
  whoami,
} from './client';
export type { DeterminedOptions } from './connect';
export {
  type ApiCallOptions,
  type ApiClient,
  type ApiClientOptions,
  createApiClient,
  type StreamInit,
  type StreamingPath,
  type StreamResult,
} from './core/api-client';
export type { EnvVars } from './core/config-dir';
export {
  AbortError,
  APIError,
  type APIErrorInit,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  CorruptCacheError,
  DeterminedError,
  type ErrorBody,
  InternalServerError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  StreamError,
  TimeoutError,
  ValidationError,
} from './core/errors';
export type { Logger } from './core/logger';
export type { RetryOptions, RetryPolicy } from './core/retry';
export {
  type CallOptions,
  type RawResponse,
  type RequestOptions,
  type SendOptions,
  type StreamOptions,
  type TextResponse,
  Transport,
  type TransportOptions,
} from './core/transport';
export type { ValidationMode } from './core/validation';
export { Determined } from './determined';
export {
  Experiment,
  ExperimentReference,
  type TopNCheckpointsOptions,
  type TrialListingOptions,
} from './experiment';
export type { CreateExperimentOptions, ListExperimentsOptions } from './experiment-calls';
export type { PollOptions } from './experiment-waiting';
export {
  CheckpointFilesNotFoundError,
  CheckpointNotFoundError,
  CheckpointStateError,
  MultipleDownloadsFailedError,
  NoDirectStorageAccessError,
} from './facade/checkpoint-download';
export {
  CheckpointOrderBy,
  CheckpointSortBy,
  CheckpointState,
  DownloadMode,
  ExperimentOrderBy,
  ExperimentSortBy,
  ExperimentState,
  LogLevel,
  ModelOrderBy,
  ModelSortBy,
  OrderBy,
  TrialOrderBy,
  TrialSortBy,
  TrialState,
} from './facade/enums';
export { type ExperimentConfigInput, InvalidExperimentConfigError } from './facade/experiment-config';
export {
  MalformedMetricsReportError,
  type MetricsReport,
  TrainingMetrics,
  TrialMetrics,
  ValidationMetrics,
} from './facade/metrics';
export { ContextTooLargeError } from './facade/model-context';
export { UnsafeArchiveEntryError } from './facade/path-utils';
export type { MethodOptions } from './method-options';
export type { MetricsStreamOptions } from './metrics-streams';
export { Model, type ModelVersionListingOptions } from './model';
export type { CreateModelOptions, ListModelsOptions } from './model-calls';
export { ModelVersion, type ModelVersionMetricsOptions } from './model-version';
export { EnterpriseOnlyError, Oauth2ScimClient, type Oauth2ScimClientInit } from './oauth';
export { Project, type ProjectNote } from './project';
export { ResourcePool, type ResourcePoolOptions } from './resource-pool';
export type { Credentials, LazySession, Session } from './session';
export { type GetTrialCheckpointsOptions, Trial, type TrialLogsOptions, TrialReference } from './trial';
export { type CreateUserOptions, type LinkWithAgentOptions, type ListUsersOptions, User } from './user';
export { type CreateProjectOptions, Workspace, type WorkspaceSelector } from './workspace';
