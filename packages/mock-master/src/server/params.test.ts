import { operationTable } from '@determined-ts/bindings';
import { MockHttpError } from '../errors';
import { coercePathParams, coerceQuery } from './params';

function queryOf(text: string) {
  return new URLSearchParams(text);
}

function errorOf(fn: () => unknown): MockHttpError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MockHttpError) return error;
    throw error;
  }
  throw new Error('expected a MockHttpError');
}

describe('coercePathParams', () => {
  it('turns int32 path parameters into numbers and keeps strings', () => {
    expect(coercePathParams(operationTable.GetExperiment, { experimentId: '-12' })).toEqual({
      experimentId: -12,
    });
    expect(coercePathParams(operationTable.GetModel, { modelName: '007' })).toEqual({ modelName: '007' });
  });

  it('rejects a non-integer int32 with a 400 naming the parameter', () => {
    const error = errorOf(() => coercePathParams(operationTable.GetExperiment, { experimentId: 'abc' }));
    expect(error).toMatchObject({ status: 400, grpcCode: 3 });
    expect(error.message).toBe('invalid value "abc" for path parameter experimentId: expected int32');
  });

  it('rejects int32 values outside the 32-bit range', () => {
    expect(coercePathParams(operationTable.GetExperiment, { experimentId: '2147483647' })).toEqual({
      experimentId: 2147483647,
    });
    expect(() => coercePathParams(operationTable.GetExperiment, { experimentId: '2147483648' })).toThrow(
      'expected int32',
    );
    expect(() => coercePathParams(operationTable.GetExperiment, { experimentId: '1.5' })).toThrow(
      'expected int32',
    );
  });
});

describe('coerceQuery', () => {
  it('coerces integers, booleans and enums and keeps repeated keys as arrays', () => {
    const query = coerceQuery(
      operationTable.GetUsers,
      queryOf(
        'offset=-2&limit=10&active=true&admin=false&sortBy=SORT_BY_NAME&roleIdAssignedDirectlyToUser=4',
      ),
    );
    expect(query).toEqual({
      offset: -2,
      limit: 10,
      active: true,
      admin: false,
      sortBy: 'SORT_BY_NAME',
      roleIdAssignedDirectlyToUser: [4],
    });
    expect(coerceQuery(operationTable.GetMetrics, queryOf('trialIds=1&trialIds=2&group=training'))).toEqual({
      trialIds: [1, 2],
      group: 'training',
    });
  });

  it("accepts a parameter's proto name (snake_case) like grpc-gateway", () => {
    expect(
      coerceQuery(
        operationTable.MetricBatches,
        queryOf('metric_name=loss&metric_type=METRIC_TYPE_TRAINING&period_seconds=1'),
      ),
    ).toEqual({ metricName: 'loss', metricType: 'METRIC_TYPE_TRAINING', periodSeconds: 1 });
  });

  it('names the parameter when a value has the wrong type', () => {
    expect(errorOf(() => coerceQuery(operationTable.GetUsers, queryOf('limit=-x'))).message).toBe(
      'invalid value "-x" for query parameter limit: expected int32',
    );
    expect(errorOf(() => coerceQuery(operationTable.GetUsers, queryOf('active=yes'))).message).toBe(
      'invalid value "yes" for query parameter active: expected boolean',
    );
    expect(errorOf(() => coerceQuery(operationTable.GetUsers, queryOf('orderBy=1'))).message).toBe(
      'invalid value "1" for query parameter orderBy: expected one of ORDER_BY_UNSPECIFIED, ORDER_BY_ASC, ORDER_BY_DESC',
    );
    expect(
      errorOf(() => coerceQuery(operationTable.GetMetrics, queryOf('trialIds=1&trialIds=x'))).message,
    ).toContain('query parameter trialIds: expected int32');
  });

  it('accepts doubles including the proto3 non-finite spellings, and rejects other text', () => {
    const op = operationTable.CompareTrials;
    expect(coerceQuery(op, queryOf('timeSeriesFilter.doubleRange.lt=1.5e3'))).toEqual({
      'timeSeriesFilter.doubleRange.lt': 1500,
    });
    expect(coerceQuery(op, queryOf('timeSeriesFilter.doubleRange.gt=-Infinity'))).toEqual({
      'timeSeriesFilter.doubleRange.gt': Number.NEGATIVE_INFINITY,
    });
    expect(() => coerceQuery(op, queryOf('timeSeriesFilter.doubleRange.gt=1e'))).toThrow('expected double');
    expect(() => coerceQuery(op, queryOf('timeSeriesFilter.timeRange.lt=yesterday'))).toThrow('date-time');
  });

  it('rejects unknown keys, repeated scalar keys and missing required parameters', () => {
    expect(() => coerceQuery(operationTable.GetUsers, queryOf('limt=1'))).toThrow(
      'unknown query parameter "limt"',
    );
    expect(() => coerceQuery(operationTable.GetUsers, queryOf('limit=1&limit=2'))).toThrow(
      'too many values for query parameter limit',
    );
    expect(() => coerceQuery(operationTable['get-experiment-model-file'], queryOf(''))).toThrow(
      'missing required query parameter path',
    );
  });

  it('accepts empty strings for string parameters', () => {
    expect(coerceQuery(operationTable.GetUsers, queryOf('name='))).toEqual({ name: '' });
  });
});
