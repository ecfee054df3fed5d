/**
 * The bindings without the zod schemas (`@determined-ts/bindings/operations`): the spec's types,
 * the operation table and the master versions. Importing it does not load zod, so a client that
 * validates responses can load the schemas (`@determined-ts/bindings/schemas`) on first use.
 */
export type { components, operations, paths } from './generated/openapi';
export {
  type OperationId,
  type OperationInfo,
  type OperationParameter,
  operationTable,
} from './generated/operation-table';
export {
  knownMasterVersions,
  operationSince,
  specMasterVersion,
} from './generated/operation-versions';
export {
  compareMasterVersions,
  type MissingOperation,
  missingOperation,
  parseMasterVersion,
} from './master-version';
