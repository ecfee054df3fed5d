// An ES module consumer under `module: nodenext`: resolves the package's `import` condition (index.d.ts).
import {
  type components,
  missingOperation,
  type OperationId,
  operationSince,
  operationTable,
  schemas,
} from '@determined-ts/bindings';

export type Experiment = components['schemas']['v1Experiment'];

const id: OperationId = 'GetExperiment';
export const path: string = operationTable[id].path;

export function experimentName(body: unknown): string {
  return schemas.v1GetExperimentResponse.parse(body).experiment.name;
}

export function searcherMetric(entry: unknown): number | 'NaN' | 'Infinity' | '-Infinity' {
  return schemas.v1ValidationHistoryEntry.parse(entry).searcherMetric;
}

export function firstVersionWith(masterVersion: string): string | undefined {
  return missingOperation('PostAccessToken', masterVersion)?.since ?? operationSince.GetExperiment;
}
