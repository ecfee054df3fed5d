import { readFileSync } from 'node:fs';
import { type OperationInfo, operationTable } from '@determined-ts/bindings';
import { spec0381 } from '@test-support/vendored';

const entries: OperationInfo[] = Object.values(operationTable);

const streamingOperations = [
  'ExpMetricNames',
  'GetMetrics',
  'GetTrainingMetrics',
  'GetTrialProfilerAvailableSeries',
  'GetTrialProfilerMetrics',
  'GetValidationMetrics',
  'MasterLogs',
  'MetricBatches',
  'TaskLogs',
  'TaskLogsFields',
  'TrialLogs',
  'TrialLogsFields',
  'TrialsSample',
  'TrialsSnapshot',
];

describe('the generated operation table', () => {
  it('holds all 263 operations of the 0.38.1 spec, keyed by operationId', () => {
    expect(entries).toHaveLength(263);
    for (const [key, entry] of Object.entries(operationTable)) expect(entry.operationId).toBe(key);
  });

  it('flags exactly the 14 NDJSON operations as streaming, with the result definition', () => {
    const streaming = entries.filter((entry) => entry.streaming).map((entry) => entry.operationId);
    expect(streaming.sort()).toEqual(streamingOperations);
    expect(operationTable.GetMetrics.responseSchema).toBe('v1GetMetricsResponse');
    expect(operationTable.TrialLogs.path).toBe('/api/v1/trials/{trialId}/logs');
  });

  it('records method, path, tags, parameters, request and response schemas', () => {
    expect(operationTable.GetExperiment).toMatchObject({
      method: 'get',
      path: '/api/v1/experiments/{experimentId}',
      tags: ['Experiments'],
      streaming: false,
      produces: ['application/json'],
      requestSchema: null,
      responseSchema: 'v1GetExperimentResponse',
      parameters: [{ name: 'experimentId', in: 'path', required: true, type: 'integer', format: 'int32' }],
    });
    expect(operationTable.CreateExperiment).toMatchObject({
      method: 'post',
      requestSchema: 'v1CreateExperimentRequest',
      parameters: [{ name: 'body', in: 'body', required: true, schema: 'v1CreateExperimentRequest' }],
    });
    const trialIds = operationTable.GetMetrics.parameters.find((parameter) => parameter.name === 'trialIds');
    expect(trialIds).toMatchObject({
      in: 'query',
      type: 'array',
      items: { type: 'integer', format: 'int32' },
    });
  });

  it('lists the archive formats of the checkpoint download route', () => {
    expect(operationTable['get-checkpoint']).toMatchObject({
      path: '/checkpoints/{checkpoint_uuid}',
      produces: ['application/x-tar', 'application/gzip', 'application/zip'],
    });
  });
});

describe('the operation table against the 0.38.1 spec', () => {
  it('has every (method, path) of the spec under its operationId', () => {
    const spec = JSON.parse(readFileSync(spec0381, 'utf8')) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const fromSpec = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => `${operation.operationId} ${method} ${path}`),
    );
    const fromTable = entries.map((entry) => `${entry.operationId} ${entry.method} ${entry.path}`);
    expect(fromTable.sort()).toEqual(fromSpec.sort());
  });
});
