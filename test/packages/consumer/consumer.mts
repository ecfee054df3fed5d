// A strict ESM consumer (module nodenext): the packages' import types must check with
// skipLibCheck false.
import type { components, operations, paths } from '@determined-ts/bindings';
import { operationTable, schemas } from '@determined-ts/bindings';
import {
  type Determined,
  type Experiment,
  ExperimentState,
  NotFoundError,
  type TrialMetrics,
} from '@determined-ts/client';
import { type MockMaster, startMockMaster } from '@determined-ts/mock-master';

export async function waitFor(det: Determined, id: number): Promise<ExperimentState> {
  const exp: Experiment = await det.getExperiment(id);
  return exp.wait({ intervalMs: 10, timeoutMs: 1000 });
}

export async function losses(det: Determined, trialId: number): Promise<number[]> {
  const out: number[] = [];
  for await (const m of det.iterTrialsMetrics([trialId], 'training') as AsyncIterable<TrialMetrics>) {
    const loss = m.metrics.loss;
    if (typeof loss === 'number') out.push(loss);
  }
  return out;
}

export async function masterVersion(det: Determined): Promise<string | undefined> {
  const { data } = await det.api.GET('/api/v1/master', {});
  return data?.version;
}

export type ExperimentWire = components['schemas']['v1Experiment'];
export type GetAgents = operations['GetAgents'];
export type AgentsPath = paths['/api/v1/agents']['get'];
export const operationCount: number = Object.keys(operationTable).length;
export const paginationOk: boolean = schemas.v1Pagination.safeParse({}).success;
export const isMissing = (error: unknown): boolean => error instanceof NotFoundError;
export const start = (): Promise<MockMaster> => startMockMaster({ port: 0 });
export const completed: ExperimentState = ExperimentState.COMPLETED;
