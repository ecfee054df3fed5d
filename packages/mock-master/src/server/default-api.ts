import { operationTable, schemas } from '@determined-ts/bindings';
import type { ApiDescription } from './operation-types';

/** The master's 0.38.1 API as generated from its spec: the mock routes and validates with it. */
export const defaultApi: ApiDescription = { operations: operationTable, schemas };
