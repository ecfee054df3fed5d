// A CommonJS consumer under `module: nodenext`: resolves the package's `require` condition (index.d.cts).
import { type OperationId, operationTable, schemas } from '@determined-ts/bindings';

const id: OperationId = 'GetMaster';
export const method: string = operationTable[id].method;
export const parsed = schemas.v1GetMasterResponse.safeParse({ version: '0.38.1' });
