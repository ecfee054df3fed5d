/**
 * `@determined-ts/client`: a TypeScript SDK for the Determined master, mirroring the Python SDK's
 * `determined.experimental.client` (module functions, `Determined`, and the domain classes).
 */

/** The master's API as types, generated from its spec: request/response shapes for your own code. */
export type { components, operations, paths } from '@determined-ts/bindings';
export type { EnvVars } from './auth/config-dir';
export type { DeterminedOptions } from './auth/connect';
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
export {
  type ApiCallOptions,
  type ApiClient,
  type ApiClientOptions,
  type ApiHttpMethod,
  type ApiInit,
  type ApiInitParam,
  type ApiMaybeOptionalInit,
  type ApiMediaType,
  type ApiMethod,
  type ApiMethods,
  type ApiOperation,
  type ApiPath,
  type ApiRequestMethod,
  type ApiRequiredKeys,
  createApiClient,
  type StreamInit,
  type StreamingPath,
  type StreamLine,
  type StreamOperation,
  type StreamParams,
  type StreamResult,
} from './core/api-client';
export {
  AbortError,
  AmbiguousOutcomeError,
  type AmbiguousOutcomeErrorInit,
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
  type LostCreateErrorInit,
  NotCreatedError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  StreamError,
  TimeoutError,
  ValidationError,
} from './core/errors';
export type { Logger } from './core/logger';
export { type MasterInfo, UnsupportedOperationError } from './core/master-version';
export type { MethodOptions } from './core/method-options';
export type {
  BodySlot,
  BodyType,
  DownloadOperationId,
  Empty,
  JsonContent,
  JsonOperationId,
  Lenient,
  OkContent,
  OperationArgs,
  OperationBody,
  OperationParams,
  OperationResult,
  ParamsOf,
  Slot,
  StreamItem,
  StreamingOperationId,
  Table,
  Widen,
} from './core/operation-types';
export type { RetryOptions, RetryPolicy } from './core/retry';
export type { Credentials, LazySession, Session } from './core/session';
export type { TlsOptions } from './core/tls';
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
export type { PreparedJsonBody } from './core/transport-body';
export type { DispatchTarget } from './core/transport-support';
export type {
  CallArgs,
  OperationCallOptions,
  OperationStreamOptions,
  PreparedParams,
} from './core/typed-call';
export type { ValidationMode } from './core/validation';
export { Determined } from './determined';
export {
  ArchiveExtractionError,
  CheckpointFilesNotFoundError,
  CheckpointNotFoundError,
  CheckpointStateError,
  CorruptCheckpointError,
  type DirectStorageSettings,
  type DownloadProgress,
  MissingStorageLibraryError,
  MultipleDownloadsFailedError,
  NoDirectStorageAccessError,
  type ProgressListener,
  StorageConfigError,
  StorageRequestError,
} from './lib/checkpoint-download';
export { NoCheckpointsError } from './lib/checkpoint-sort';
export {
  CheckpointOrderBy,
  CheckpointSortBy,
  CheckpointState,
  DownloadMode,
  ExperimentOrderBy,
  ExperimentSortBy,
  ExperimentState,
  isTerminalExperimentState,
  LogLevel,
  ModelOrderBy,
  ModelSortBy,
  OrderBy,
  TERMINAL_EXPERIMENT_STATES,
  TrialOrderBy,
  TrialSortBy,
  TrialState,
} from './lib/enums';
export { type ExperimentConfigInput, InvalidExperimentConfigError } from './lib/experiment-config';
export {
  MalformedMetricsReportError,
  type MetricsReport,
  TrainingMetrics,
  TrialMetrics,
  type TrialMetricsInit,
  ValidationMetrics,
} from './lib/metrics';
export { ContextTooLargeError, type SizedFile } from './lib/model-context';
export { UnsafeArchiveEntryError } from './lib/path-utils';
export {
  Checkpoint,
  type CheckpointDownloadOptions,
  type CheckpointMetricsOptions,
  CheckpointTrainingMetadata,
  type CheckpointValidationMetrics,
} from './resources/checkpoints/checkpoint';
export type {
  CheckpointArchive,
  CheckpointArchiveFormat,
  OpenArchiveOptions,
} from './resources/checkpoints/checkpoint-archive';
export type { ListCheckpointsOptions, TopCheckpointOptions } from './resources/checkpoints/listing';
export type { CreateExperimentOptions } from './resources/experiments/create-experiment';
export {
  type DownloadCodeOptions,
  Experiment,
  ExperimentReference,
  type TopNCheckpointsOptions,
  type TrialListingOptions,
} from './resources/experiments/experiment';
export type { ExperimentAttributes } from './resources/experiments/experiment-attributes';
export type { ListExperimentsOptions } from './resources/experiments/list-experiments';
export type { PollOptions } from './resources/experiments/waiting';
export { Model, type ModelVersionListingOptions } from './resources/models/model';
export { ModelVersion, type ModelVersionMetricsOptions } from './resources/models/model-version';
export type { CreateModelOptions, ListModelsOptions } from './resources/models/registry';
export { EnterpriseOnlyError, Oauth2ScimClient, type Oauth2ScimClientInit } from './resources/oauth/oauth';
export { Project, type ProjectNote } from './resources/projects/project';
export { ResourcePool, type ResourcePoolOptions } from './resources/resource-pools/resource-pool';
export {
  DEFAULT_FOLLOW_INTERVAL_MS,
  type FollowMetricsOptions,
} from './resources/trials/follow-metrics';
export type { IterTrialsMetricsOptions, MetricsStreamOptions } from './resources/trials/metrics-streams';
export type { SelectCheckpointOptions } from './resources/trials/select-checkpoint';
export {
  type GetTrialCheckpointsOptions,
  Trial,
  type TrialLogsOptions,
  TrialReference,
} from './resources/trials/trial';
export {
  type CreateUserOptions,
  type LinkWithAgentOptions,
  type ListUsersOptions,
  User,
} from './resources/users/user';
export {
  type CreateProjectOptions,
  Workspace,
  type WorkspaceSelector,
} from './resources/workspaces/workspace';
