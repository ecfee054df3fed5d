// A consumer under `moduleResolution: bundler`, as bundled front ends and tools type-check.
import type { operations, paths } from '@determined-ts/bindings';
import { operationTable, schemas } from '@determined-ts/bindings';

type GetExperiment = paths['/api/v1/experiments/{experimentId}']['get'];
export type ExperimentId = GetExperiment['parameters']['path']['experimentId'];
export type MasterInfo = operations['GetMaster']['responses'][200]['content']['application/json'];
export const streaming: boolean = operationTable.GetMetrics.streaming;
export const metricsSchema = schemas.v1GetMetricsResponse;
