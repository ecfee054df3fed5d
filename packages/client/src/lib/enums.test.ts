import { readFileSync } from 'node:fs';
import { spec0381 } from '@test-support/vendored';
import { InvalidArgumentError } from '../core/errors';
import { resetDeprecationWarnings } from './deprecation';
import {
  CheckpointOrderBy,
  CheckpointSortBy,
  CheckpointState,
  DownloadMode,
  ExperimentOrderBy,
  ExperimentSortBy,
  ExperimentState,
  isEnumValue,
  isTerminalExperimentState,
  LOG_LEVEL_ORDER,
  LogLevel,
  levelsAtOrAbove,
  ModelOrderBy,
  ModelSortBy,
  ModelVersionSortBy,
  OrderBy,
  parseEnum,
  TERMINAL_EXPERIMENT_STATES,
  TrialOrderBy,
  TrialSortBy,
  TrialState,
} from './enums';

describe('enum values', () => {
  it('maps OrderBy aliases to the same API values', () => {
    expect(OrderBy.ASC).toBe('ORDER_BY_ASC');
    expect(OrderBy.ASCENDING).toBe(OrderBy.ASC);
    expect(OrderBy.DESC).toBe('ORDER_BY_DESC');
    expect(OrderBy.DESCENDING).toBe(OrderBy.DESC);
  });

  it('uses the STATE_/SORT_BY_/LOG_LEVEL_ prefixes of the API', () => {
    expect(ExperimentState.DELETE_FAILED).toBe('STATE_DELETE_FAILED');
    expect(TrialState.STOPPING_KILLED).toBe('STATE_STOPPING_KILLED');
    expect(CheckpointState.PARTIALLY_DELETED).toBe('STATE_PARTIALLY_DELETED');
    expect(ExperimentSortBy.SEARCHER_METRIC_VAL).toBe('SORT_BY_SEARCHER_METRIC_VAL');
    expect(TrialSortBy.LOG_RETENTION_DAYS).toBe('SORT_BY_LOG_RETENTION_DAYS');
    expect(CheckpointSortBy.SEARCHER_METRIC).toBe('SORT_BY_SEARCHER_METRIC');
    expect(ModelSortBy.WORKSPACE).toBe('SORT_BY_WORKSPACE');
    expect(LogLevel.WARNING).toBe('LOG_LEVEL_WARNING');
  });

  it('gives DownloadMode lowercase values', () => {
    expect(Object.entries(DownloadMode)).toEqual([
      ['DIRECT', 'direct'],
      ['MASTER', 'master'],
      ['AUTO', 'auto'],
    ]);
  });

  it('treats exactly COMPLETED, CANCELED, DELETED and ERROR as terminal', () => {
    expect([...TERMINAL_EXPERIMENT_STATES].sort()).toEqual(
      ['STATE_CANCELED', 'STATE_COMPLETED', 'STATE_DELETED', 'STATE_ERROR'].sort(),
    );
    expect(isTerminalExperimentState(ExperimentState.DELETING)).toBe(false);
    expect(isTerminalExperimentState(ExperimentState.DELETE_FAILED)).toBe(false);
    expect(isTerminalExperimentState(ExperimentState.PAUSED)).toBe(false);
    expect(isTerminalExperimentState(ExperimentState.ERROR)).toBe(true);
  });

  it('selects the minimum log level and every more severe one', () => {
    expect(levelsAtOrAbove(LogLevel.INFO)).toEqual([
      'LOG_LEVEL_INFO',
      'LOG_LEVEL_WARNING',
      'LOG_LEVEL_ERROR',
      'LOG_LEVEL_CRITICAL',
    ]);
    expect(levelsAtOrAbove(LogLevel.TRACE)).toEqual([...LOG_LEVEL_ORDER]);
    expect(levelsAtOrAbove(LogLevel.CRITICAL)).toEqual(['LOG_LEVEL_CRITICAL']);
  });

  it('rejects an unknown minimum log level', () => {
    expect(() => levelsAtOrAbove('LOG_LEVEL_UNSPECIFIED' as LogLevel)).toThrow(InvalidArgumentError);
  });
});

describe('parseEnum', () => {
  it('returns a known value unchanged', () => {
    const state: ExperimentState = parseEnum(ExperimentState, 'STATE_RUNNING', 'experiment state');
    expect(state).toBe(ExperimentState.RUNNING);
  });

  it('rejects STATE_UNSPECIFIED with a message naming the field and the allowed values', () => {
    expect(() => parseEnum(CheckpointState, 'STATE_UNSPECIFIED', 'checkpoint state')).toThrow(
      InvalidArgumentError,
    );
    expect(() => parseEnum(CheckpointState, 'STATE_UNSPECIFIED', 'checkpoint state')).toThrow(
      "Invalid checkpoint state 'STATE_UNSPECIFIED': expected one of STATE_ACTIVE, STATE_COMPLETED",
    );
  });

  it('rejects non-string values, including member names', () => {
    expect(() => parseEnum(OrderBy, 3, 'order')).toThrow('Invalid order 3');
    expect(() => parseEnum(OrderBy, undefined, 'order')).toThrow('Invalid order undefined');
    expect(() => parseEnum(OrderBy, 'ASC', 'order')).toThrow("Invalid order 'ASC'");
    expect(() => parseEnum(OrderBy, 10n, 'order')).toThrow('Invalid order 10');
  });

  it('lists alias values once in the error', () => {
    expect(() => parseEnum(OrderBy, 'x', 'order')).toThrow(
      "Invalid order 'x': expected one of ORDER_BY_ASC, ORDER_BY_DESC",
    );
  });

  it('type-guards with isEnumValue', () => {
    expect(isEnumValue(TrialState, 'STATE_RUNNING')).toBe(true);
    expect(isEnumValue(TrialState, 'STATE_DELETED')).toBe(false);
    expect(isEnumValue(TrialState, null)).toBe(false);
  });
});

describe('deprecated order-by enums', () => {
  let emit: jest.SpyInstance;

  beforeEach(() => {
    resetDeprecationWarnings();
    emit = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  });

  afterEach(() => {
    emit.mockRestore();
  });

  it('keeps the same values as OrderBy, with the Python member sets', () => {
    expect({ ...ExperimentOrderBy }).toEqual({ ASCENDING: 'ORDER_BY_ASC', DESCENDING: 'ORDER_BY_DESC' });
    expect({ ...CheckpointOrderBy }).toEqual({ ASC: 'ORDER_BY_ASC', DESC: 'ORDER_BY_DESC' });
    expect({ ...TrialOrderBy }).toEqual({ ...OrderBy });
    expect({ ...ModelOrderBy }).toEqual({ ...OrderBy });
  });

  it('warns once per enum on member access', () => {
    expect(TrialOrderBy.ASC).toBe('ORDER_BY_ASC');
    expect(TrialOrderBy.DESC).toBe('ORDER_BY_DESC');
    expect(emit).toHaveBeenCalledTimes(1);
    expect(emit.mock.calls[0]?.[0]).toBe(
      "'TrialOrderBy' is deprecated and will be removed in a future release. Please use 'OrderBy' instead.",
    );
    expect(ModelOrderBy.DESCENDING).toBe('ORDER_BY_DESC');
    expect(emit).toHaveBeenCalledTimes(2);
  });

  it('does not warn when only checking membership', () => {
    expect(isEnumValue(CheckpointOrderBy, 'ORDER_BY_ASC')).toBe(true);
    expect(parseEnum(ExperimentOrderBy, 'ORDER_BY_DESC', 'order')).toBe('ORDER_BY_DESC');
    expect(emit).not.toHaveBeenCalled();
  });

  it('is read-only', () => {
    expect(() => {
      (ExperimentOrderBy as Record<string, string>).ASCENDING = 'x';
    }).toThrow(TypeError);
  });
});

interface SwaggerEnum {
  enum?: string[];
}

describe('enum parity with the 0.38.1 spec (scenario 58)', () => {
  const definitions = (
    JSON.parse(readFileSync(spec0381, 'utf8')) as { definitions: Record<string, SwaggerEnum> }
  ).definitions;

  const cases: [string, Readonly<Record<string, string>>][] = [
    ['experimentv1State', ExperimentState],
    ['trialv1State', TrialState],
    ['checkpointv1State', CheckpointState],
    ['v1OrderBy', OrderBy],
    ['v1GetModelsRequestSortBy', ModelSortBy],
    ['v1GetExperimentsRequestSortBy', ExperimentSortBy],
    ['v1GetExperimentTrialsRequestSortBy', TrialSortBy],
    ['v1LogLevel', LogLevel],
    ['checkpointv1SortBy', CheckpointSortBy],
    ['v1GetModelVersionsRequestSortBy', ModelVersionSortBy],
  ];

  it.each(cases)('%s has an SDK member for every non-UNSPECIFIED value and vice versa', (name, sdk) => {
    const apiValues = definitions[name]?.enum;
    expect(apiValues).toBeDefined();
    const specified = (apiValues ?? []).filter((v) => !v.endsWith('_UNSPECIFIED')).sort();
    expect([...new Set(Object.values(sdk))].sort()).toEqual(specified);
  });
});
