/**
 * SDK enumerations (Python SDK section 9). Each enum is an `as const` object keyed by the Python
 * member name whose values are the API strings, plus a same-named union type of those values.
 * `UNSPECIFIED` members are deliberately absent.
 */
import { InvalidArgumentError } from '../core/errors';
import { warnDeprecated } from './deprecation';

/** Sort direction. `ASC`/`DESC` are aliases of `ASCENDING`/`DESCENDING`. */
export const OrderBy = {
  ASCENDING: 'ORDER_BY_ASC',
  ASC: 'ORDER_BY_ASC',
  DESCENDING: 'ORDER_BY_DESC',
  DESC: 'ORDER_BY_DESC',
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
  ASCENDING: OrderBy.ASCENDING,
  DESCENDING: OrderBy.DESCENDING,
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
  ASC: OrderBy.ASC,
  DESC: OrderBy.DESC,
});
/** A `CheckpointOrderBy` API value. */
export type CheckpointOrderBy = (typeof CheckpointOrderBy)[keyof typeof CheckpointOrderBy];

/** Experiment states (`experimentv1State`). */
export const ExperimentState = {
  ACTIVE: 'STATE_ACTIVE',
  PAUSED: 'STATE_PAUSED',
  STOPPING_COMPLETED: 'STATE_STOPPING_COMPLETED',
  STOPPING_CANCELED: 'STATE_STOPPING_CANCELED',
  STOPPING_ERROR: 'STATE_STOPPING_ERROR',
  COMPLETED: 'STATE_COMPLETED',
  CANCELED: 'STATE_CANCELED',
  ERROR: 'STATE_ERROR',
  DELETED: 'STATE_DELETED',
  DELETING: 'STATE_DELETING',
  DELETE_FAILED: 'STATE_DELETE_FAILED',
  STOPPING_KILLED: 'STATE_STOPPING_KILLED',
  QUEUED: 'STATE_QUEUED',
  PULLING: 'STATE_PULLING',
  STARTING: 'STATE_STARTING',
  RUNNING: 'STATE_RUNNING',
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

/** True for COMPLETED, CANCELED, DELETED and ERROR. */
export function isTerminalExperimentState(state: ExperimentState): boolean {
  return TERMINAL_EXPERIMENT_STATES.includes(state);
}

/** Sort keys of `listExperiments` (`v1GetExperimentsRequestSortBy`). */
export const ExperimentSortBy = {
  ID: 'SORT_BY_ID',
  DESCRIPTION: 'SORT_BY_DESCRIPTION',
  START_TIME: 'SORT_BY_START_TIME',
  END_TIME: 'SORT_BY_END_TIME',
  STATE: 'SORT_BY_STATE',
  NUM_TRIALS: 'SORT_BY_NUM_TRIALS',
  PROGRESS: 'SORT_BY_PROGRESS',
  USER: 'SORT_BY_USER',
  NAME: 'SORT_BY_NAME',
  FORKED_FROM: 'SORT_BY_FORKED_FROM',
  RESOURCE_POOL: 'SORT_BY_RESOURCE_POOL',
  PROJECT_ID: 'SORT_BY_PROJECT_ID',
  CHECKPOINT_SIZE: 'SORT_BY_CHECKPOINT_SIZE',
  CHECKPOINT_COUNT: 'SORT_BY_CHECKPOINT_COUNT',
  SEARCHER_METRIC_VAL: 'SORT_BY_SEARCHER_METRIC_VAL',
} as const;
/** An `ExperimentSortBy` API value. */
export type ExperimentSortBy = (typeof ExperimentSortBy)[keyof typeof ExperimentSortBy];

/** Trial states (`trialv1State`). */
export const TrialState = {
  ACTIVE: 'STATE_ACTIVE',
  PAUSED: 'STATE_PAUSED',
  STOPPING_CANCELED: 'STATE_STOPPING_CANCELED',
  STOPPING_KILLED: 'STATE_STOPPING_KILLED',
  STOPPING_COMPLETED: 'STATE_STOPPING_COMPLETED',
  STOPPING_ERROR: 'STATE_STOPPING_ERROR',
  CANCELED: 'STATE_CANCELED',
  COMPLETED: 'STATE_COMPLETED',
  ERROR: 'STATE_ERROR',
  QUEUED: 'STATE_QUEUED',
  PULLING: 'STATE_PULLING',
  STARTING: 'STATE_STARTING',
  RUNNING: 'STATE_RUNNING',
} as const;
/** A `TrialState` API value. */
export type TrialState = (typeof TrialState)[keyof typeof TrialState];

/** Sort keys of `iterTrials` (`v1GetExperimentTrialsRequestSortBy`). */
export const TrialSortBy = {
  ID: 'SORT_BY_ID',
  START_TIME: 'SORT_BY_START_TIME',
  END_TIME: 'SORT_BY_END_TIME',
  STATE: 'SORT_BY_STATE',
  BEST_VALIDATION_METRIC: 'SORT_BY_BEST_VALIDATION_METRIC',
  LATEST_VALIDATION_METRIC: 'SORT_BY_LATEST_VALIDATION_METRIC',
  BATCHES_PROCESSED: 'SORT_BY_BATCHES_PROCESSED',
  DURATION: 'SORT_BY_DURATION',
  RESTARTS: 'SORT_BY_RESTARTS',
  CHECKPOINT_SIZE: 'SORT_BY_CHECKPOINT_SIZE',
  LOG_RETENTION_DAYS: 'SORT_BY_LOG_RETENTION_DAYS',
} as const;
/** A `TrialSortBy` API value. */
export type TrialSortBy = (typeof TrialSortBy)[keyof typeof TrialSortBy];

/** Log levels (`v1LogLevel`), lowest first. */
export const LogLevel = {
  TRACE: 'LOG_LEVEL_TRACE',
  DEBUG: 'LOG_LEVEL_DEBUG',
  INFO: 'LOG_LEVEL_INFO',
  WARNING: 'LOG_LEVEL_WARNING',
  ERROR: 'LOG_LEVEL_ERROR',
  CRITICAL: 'LOG_LEVEL_CRITICAL',
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
  ACTIVE: 'STATE_ACTIVE',
  COMPLETED: 'STATE_COMPLETED',
  ERROR: 'STATE_ERROR',
  DELETED: 'STATE_DELETED',
  PARTIALLY_DELETED: 'STATE_PARTIALLY_DELETED',
} as const;
/** A `CheckpointState` API value. */
export type CheckpointState = (typeof CheckpointState)[keyof typeof CheckpointState];

/** Checkpoint sort attributes (`checkpointv1SortBy`). */
export const CheckpointSortBy = {
  UUID: 'SORT_BY_UUID',
  TRIAL_ID: 'SORT_BY_TRIAL_ID',
  BATCH_NUMBER: 'SORT_BY_BATCH_NUMBER',
  END_TIME: 'SORT_BY_END_TIME',
  STATE: 'SORT_BY_STATE',
  SEARCHER_METRIC: 'SORT_BY_SEARCHER_METRIC',
} as const;
/** A `CheckpointSortBy` API value. */
export type CheckpointSortBy = (typeof CheckpointSortBy)[keyof typeof CheckpointSortBy];

/** How `Checkpoint.download` fetches files. */
export const DownloadMode = {
  DIRECT: 'direct',
  MASTER: 'master',
  AUTO: 'auto',
} as const;
/** A `DownloadMode` value. */
export type DownloadMode = (typeof DownloadMode)[keyof typeof DownloadMode];

/** Sort keys of `listModels` (`v1GetModelsRequestSortBy`). */
export const ModelSortBy = {
  NAME: 'SORT_BY_NAME',
  DESCRIPTION: 'SORT_BY_DESCRIPTION',
  CREATION_TIME: 'SORT_BY_CREATION_TIME',
  LAST_UPDATED_TIME: 'SORT_BY_LAST_UPDATED_TIME',
  NUM_VERSIONS: 'SORT_BY_NUM_VERSIONS',
  WORKSPACE: 'SORT_BY_WORKSPACE',
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
