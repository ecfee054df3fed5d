/**
 * SDK enumerations (Python SDK section 9). Each enum is an `as const` object keyed by the Python
 * member name whose values are the API strings, plus a same-named union type of those values.
 * `UNSPECIFIED` members are deliberately absent.
 */
import { InvalidArgumentError } from '../core/errors';
import { warnDeprecated } from './deprecation';

/** Sort direction. `ASC`/`DESC` are aliases of `ASCENDING`/`DESCENDING`. */
export const OrderBy = {
  /** Smallest first. */ ASCENDING: 'ORDER_BY_ASC',
  /** Alias of `ASCENDING` (Python `OrderBy.ASC`). */ ASC: 'ORDER_BY_ASC',
  /** Largest first. */ DESCENDING: 'ORDER_BY_DESC',
  /** Alias of `DESCENDING` (Python `OrderBy.DESC`). */ DESC: 'ORDER_BY_DESC',
} as const;
/** An `OrderBy` API value. */
export type OrderBy = (typeof OrderBy)[keyof typeof OrderBy];

const rawMembers = new WeakMap<object, Readonly<Record<string, string>>>();

function deprecatedOrderBy<T extends Record<string, OrderBy>>(name: string, members: T): Readonly<T> {
  const target = Object.freeze({ ...members });
  const proxy = new Proxy(target, {
    get(obj, prop, receiver) {
      if (typeof prop === 'string' && Object.hasOwn(obj, prop)) {
        warnDeprecated(
          `enum:${name}`,
          `'${name}' is deprecated and will be removed in a future release. Please use 'OrderBy' instead.`,
        );
      }
      return Reflect.get(obj, prop, receiver);
    },
  });
  rawMembers.set(proxy, target);
  return proxy;
}

/** Deprecated: use `OrderBy`. Member access logs a one-time deprecation warning. */
export const ExperimentOrderBy = deprecatedOrderBy('ExperimentOrderBy', {
  /** Same as `OrderBy.ASCENDING`. */ ASCENDING: OrderBy.ASCENDING,
  /** Same as `OrderBy.DESCENDING`. */ DESCENDING: OrderBy.DESCENDING,
});
/** An `ExperimentOrderBy` API value. */
export type ExperimentOrderBy = (typeof ExperimentOrderBy)[keyof typeof ExperimentOrderBy];

/** Deprecated: use `OrderBy`. Member access logs a one-time deprecation warning. */
export const TrialOrderBy = deprecatedOrderBy('TrialOrderBy', { ...OrderBy });
/** A `TrialOrderBy` API value. */
export type TrialOrderBy = (typeof TrialOrderBy)[keyof typeof TrialOrderBy];

/** Deprecated: use `OrderBy`. Member access logs a one-time deprecation warning. */
export const ModelOrderBy = deprecatedOrderBy('ModelOrderBy', { ...OrderBy });
/** A `ModelOrderBy` API value. */
export type ModelOrderBy = (typeof ModelOrderBy)[keyof typeof ModelOrderBy];

/** Deprecated: use `OrderBy`. Member access logs a one-time deprecation warning. */
export const CheckpointOrderBy = deprecatedOrderBy('CheckpointOrderBy', {
  /** Same as `OrderBy.ASC`. */ ASC: OrderBy.ASC,
  /** Same as `OrderBy.DESC`. */ DESC: OrderBy.DESC,
});
/** A `CheckpointOrderBy` API value. */
export type CheckpointOrderBy = (typeof CheckpointOrderBy)[keyof typeof CheckpointOrderBy];

/** Experiment states (`experimentv1State`). */
export const ExperimentState = {
  /** Scheduled or running trials. */ ACTIVE: 'STATE_ACTIVE',
  /** Paused by a user; no trials run until it is activated. */ PAUSED: 'STATE_PAUSED',
  /** Finishing after its searcher completed; becomes `COMPLETED`. */ STOPPING_COMPLETED:
    'STATE_STOPPING_COMPLETED',
  /** Being canceled; becomes `CANCELED`. */ STOPPING_CANCELED: 'STATE_STOPPING_CANCELED',
  /** Stopping after an error; becomes `ERROR`. */ STOPPING_ERROR: 'STATE_STOPPING_ERROR',
  /** Finished successfully (terminal). */ COMPLETED: 'STATE_COMPLETED',
  /** Canceled by a user (terminal). */ CANCELED: 'STATE_CANCELED',
  /** Failed (terminal). */ ERROR: 'STATE_ERROR',
  /** Deleted (terminal). */ DELETED: 'STATE_DELETED',
  /** Deletion in progress. */ DELETING: 'STATE_DELETING',
  /** Deletion failed; can be retried. */ DELETE_FAILED: 'STATE_DELETE_FAILED',
  /** Being killed; becomes `CANCELED`. */ STOPPING_KILLED: 'STATE_STOPPING_KILLED',
  /** Waiting for resources. */ QUEUED: 'STATE_QUEUED',
  /** Pulling its container images. */ PULLING: 'STATE_PULLING',
  /** Containers starting. */ STARTING: 'STATE_STARTING',
  /** Training or validating. */ RUNNING: 'STATE_RUNNING',
} as const;
/** An `ExperimentState` API value. */
export type ExperimentState = (typeof ExperimentState)[keyof typeof ExperimentState];

/** States in which `wait`/`awaitFirstTrial` stop (DELETING and DELETE_FAILED are not terminal). */
export const TERMINAL_EXPERIMENT_STATES: readonly ExperimentState[] = Object.freeze([
  ExperimentState.COMPLETED,
  ExperimentState.CANCELED,
  ExperimentState.DELETED,
  ExperimentState.ERROR,
]);

/**
 * True for COMPLETED, CANCELED, DELETED and ERROR. Takes any state string, so the `state` of an
 * API object (whose type also allows `STATE_UNSPECIFIED`) can be passed as it is.
 */
export function isTerminalExperimentState(state: string): boolean {
  return (TERMINAL_EXPERIMENT_STATES as readonly string[]).includes(state);
}

/** Sort keys of `listExperiments` (`v1GetExperimentsRequestSortBy`). */
export const ExperimentSortBy = {
  /** Experiment ID. */ ID: 'SORT_BY_ID',
  /** Description text. */ DESCRIPTION: 'SORT_BY_DESCRIPTION',
  /** Start time. */ START_TIME: 'SORT_BY_START_TIME',
  /** End time. */ END_TIME: 'SORT_BY_END_TIME',
  /** Experiment state. */ STATE: 'SORT_BY_STATE',
  /** Number of trials. */ NUM_TRIALS: 'SORT_BY_NUM_TRIALS',
  /** Searcher progress (0 to 1). */ PROGRESS: 'SORT_BY_PROGRESS',
  /** Owner username. */ USER: 'SORT_BY_USER',
  /** Experiment name. */ NAME: 'SORT_BY_NAME',
  /** ID of the experiment it was forked from. */ FORKED_FROM: 'SORT_BY_FORKED_FROM',
  /** Resource pool name. */ RESOURCE_POOL: 'SORT_BY_RESOURCE_POOL',
  /** Project ID. */ PROJECT_ID: 'SORT_BY_PROJECT_ID',
  /** Total size of its checkpoints, in bytes. */ CHECKPOINT_SIZE: 'SORT_BY_CHECKPOINT_SIZE',
  /** Number of checkpoints. */ CHECKPOINT_COUNT: 'SORT_BY_CHECKPOINT_COUNT',
  /** Best value of the searcher metric. */ SEARCHER_METRIC_VAL: 'SORT_BY_SEARCHER_METRIC_VAL',
} as const;
/** An `ExperimentSortBy` API value. */
export type ExperimentSortBy = (typeof ExperimentSortBy)[keyof typeof ExperimentSortBy];

/** Trial states (`trialv1State`). */
export const TrialState = {
  /** Scheduled or running. */ ACTIVE: 'STATE_ACTIVE',
  /** Paused with its experiment. */ PAUSED: 'STATE_PAUSED',
  /** Being canceled; becomes `CANCELED`. */ STOPPING_CANCELED: 'STATE_STOPPING_CANCELED',
  /** Being killed; becomes `CANCELED`. */ STOPPING_KILLED: 'STATE_STOPPING_KILLED',
  /** Finishing after completing; becomes `COMPLETED`. */ STOPPING_COMPLETED: 'STATE_STOPPING_COMPLETED',
  /** Stopping after an error; becomes `ERROR`. */ STOPPING_ERROR: 'STATE_STOPPING_ERROR',
  /** Canceled (terminal). */ CANCELED: 'STATE_CANCELED',
  /** Finished successfully (terminal). */ COMPLETED: 'STATE_COMPLETED',
  /** Failed (terminal). */ ERROR: 'STATE_ERROR',
  /** Waiting for resources. */ QUEUED: 'STATE_QUEUED',
  /** Pulling its container images. */ PULLING: 'STATE_PULLING',
  /** Containers starting. */ STARTING: 'STATE_STARTING',
  /** Training or validating. */ RUNNING: 'STATE_RUNNING',
} as const;
/** A `TrialState` API value. */
export type TrialState = (typeof TrialState)[keyof typeof TrialState];

/** Sort keys of `iterTrials` (`v1GetExperimentTrialsRequestSortBy`). */
export const TrialSortBy = {
  /** Trial ID. */ ID: 'SORT_BY_ID',
  /** Start time. */ START_TIME: 'SORT_BY_START_TIME',
  /** End time. */ END_TIME: 'SORT_BY_END_TIME',
  /** Trial state. */ STATE: 'SORT_BY_STATE',
  /** Best value of the searcher metric over its validations. */ BEST_VALIDATION_METRIC:
    'SORT_BY_BEST_VALIDATION_METRIC',
  /** Searcher metric of its latest validation. */ LATEST_VALIDATION_METRIC:
    'SORT_BY_LATEST_VALIDATION_METRIC',
  /** Number of batches trained. */ BATCHES_PROCESSED: 'SORT_BY_BATCHES_PROCESSED',
  /** Wall-clock run time. */ DURATION: 'SORT_BY_DURATION',
  /** Number of restarts. */ RESTARTS: 'SORT_BY_RESTARTS',
  /** Total size of its checkpoints, in bytes. */ CHECKPOINT_SIZE: 'SORT_BY_CHECKPOINT_SIZE',
  /** Days its logs are kept. */ LOG_RETENTION_DAYS: 'SORT_BY_LOG_RETENTION_DAYS',
} as const;
/** A `TrialSortBy` API value. */
export type TrialSortBy = (typeof TrialSortBy)[keyof typeof TrialSortBy];

/** Log levels (`v1LogLevel`), lowest first. */
export const LogLevel = {
  /** Finest-grained tracing. */ TRACE: 'LOG_LEVEL_TRACE',
  /** Debugging detail. */ DEBUG: 'LOG_LEVEL_DEBUG',
  /** Normal progress messages. */ INFO: 'LOG_LEVEL_INFO',
  /** Something unexpected that did not stop the task. */ WARNING: 'LOG_LEVEL_WARNING',
  /** A failure of an operation. */ ERROR: 'LOG_LEVEL_ERROR',
  /** A failure that stops the task. */ CRITICAL: 'LOG_LEVEL_CRITICAL',
} as const;
/** A `LogLevel` API value. */
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

/** Log levels in increasing severity; `minLevel` selects a suffix of this list. */
export const LOG_LEVEL_ORDER: readonly LogLevel[] = Object.freeze([
  LogLevel.TRACE,
  LogLevel.DEBUG,
  LogLevel.INFO,
  LogLevel.WARNING,
  LogLevel.ERROR,
  LogLevel.CRITICAL,
]);

/** `minLevel` and every more severe level, in severity order. */
export function levelsAtOrAbove(minLevel: LogLevel): LogLevel[] {
  const index = LOG_LEVEL_ORDER.indexOf(minLevel);
  if (index < 0) throw invalidValue('LogLevel', minLevel, LOG_LEVEL_ORDER);
  return LOG_LEVEL_ORDER.slice(index);
}

/** Checkpoint states (`checkpointv1State`). */
export const CheckpointState = {
  /** Being written. */ ACTIVE: 'STATE_ACTIVE',
  /** Fully uploaded and usable. */ COMPLETED: 'STATE_COMPLETED',
  /** Failed to save. */ ERROR: 'STATE_ERROR',
  /** All files deleted from storage. */ DELETED: 'STATE_DELETED',
  /** Some files deleted from storage (`Checkpoint.removeFiles`). */ PARTIALLY_DELETED:
    'STATE_PARTIALLY_DELETED',
} as const;
/** A `CheckpointState` API value. */
export type CheckpointState = (typeof CheckpointState)[keyof typeof CheckpointState];

/** Checkpoint sort attributes (`checkpointv1SortBy`). */
export const CheckpointSortBy = {
  /** Checkpoint UUID. */ UUID: 'SORT_BY_UUID',
  /** ID of the trial that wrote it. */ TRIAL_ID: 'SORT_BY_TRIAL_ID',
  /** Number of batches trained when it was saved. */ BATCH_NUMBER: 'SORT_BY_BATCH_NUMBER',
  /** Time it finished saving. */ END_TIME: 'SORT_BY_END_TIME',
  /** Checkpoint state. */ STATE: 'SORT_BY_STATE',
  /** Searcher metric of the validation at its batch. */ SEARCHER_METRIC: 'SORT_BY_SEARCHER_METRIC',
} as const;
/** A `CheckpointSortBy` API value. */
export type CheckpointSortBy = (typeof CheckpointSortBy)[keyof typeof CheckpointSortBy];

/** How `Checkpoint.download` fetches files. */
export const DownloadMode = {
  /** Read the files straight from checkpoint storage (needs access to it). */ DIRECT: 'direct',
  /** Fetch the files through the master, as an archive it streams. */ MASTER: 'master',
  /** The default: `DIRECT`, then `MASTER` if that fails (not for Azure, which the master cannot proxy). */ AUTO: 'auto',
} as const;
/** A `DownloadMode` value. */
export type DownloadMode = (typeof DownloadMode)[keyof typeof DownloadMode];

/** Sort keys of `listModels` (`v1GetModelsRequestSortBy`). */
export const ModelSortBy = {
  /** Model name. */ NAME: 'SORT_BY_NAME',
  /** Description text. */ DESCRIPTION: 'SORT_BY_DESCRIPTION',
  /** Creation time. */ CREATION_TIME: 'SORT_BY_CREATION_TIME',
  /** Time of the last change. */ LAST_UPDATED_TIME: 'SORT_BY_LAST_UPDATED_TIME',
  /** Number of versions. */ NUM_VERSIONS: 'SORT_BY_NUM_VERSIONS',
  /** Workspace name. */ WORKSPACE: 'SORT_BY_WORKSPACE',
} as const;
/** A `ModelSortBy` API value. */
export type ModelSortBy = (typeof ModelSortBy)[keyof typeof ModelSortBy];

/** Internal: model-version sort keys (`v1GetModelVersionsRequestSortBy`). */
export const ModelVersionSortBy = {
  VERSION: 'SORT_BY_VERSION',
  CREATION_TIME: 'SORT_BY_CREATION_TIME',
} as const;
/** A `ModelVersionSortBy` API value. */
export type ModelVersionSortBy = (typeof ModelVersionSortBy)[keyof typeof ModelVersionSortBy];

/** Internal: sent as `trialSourceInfoType` by checkpoint and model-version metrics. */
export const TRIAL_SOURCE_INFO_TYPE_INFERENCE = 'TRIAL_SOURCE_INFO_TYPE_INFERENCE';

/** Internal: the only launch warning the SDK has a message for. */
export const LAUNCH_WARNING_CURRENT_SLOTS_EXCEEDED = 'LAUNCH_WARNING_CURRENT_SLOTS_EXCEEDED';

function membersOf(enumObj: object): Readonly<Record<string, string>> {
  return rawMembers.get(enumObj) ?? (enumObj as Readonly<Record<string, string>>);
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function invalidValue(what: string, value: unknown, allowed: readonly string[]): InvalidArgumentError {
  const shown = typeof value === 'string' ? `'${value}'` : describe(value);
  const expected = [...new Set(allowed)].join(', ');
  return new InvalidArgumentError(`Invalid ${what} ${shown}: expected one of ${expected}`);
}

/** True when `value` is one of the enum's values (deprecated enums do not warn here). */
export function isEnumValue<E extends Readonly<Record<string, string>>>(
  enumObj: E,
  value: unknown,
): value is E[keyof E] {
  return typeof value === 'string' && Object.values(membersOf(enumObj)).includes(value);
}

/**
 * Convert an API (or user-supplied) value to an enum value, throwing `InvalidArgumentError`
 * naming `what` and the allowed values when it is not a member (e.g. `STATE_UNSPECIFIED`).
 */
export function parseEnum<E extends Readonly<Record<string, string>>>(
  enumObj: E,
  value: unknown,
  what: string,
): E[keyof E] {
  if (isEnumValue(enumObj, value)) return value;
  throw invalidValue(what, value, Object.values(membersOf(enumObj)));
}
