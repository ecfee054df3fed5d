/**
 * Typed bindings for the Determined master REST API, generated from its OpenAPI spec.
 * `paths`/`components`/`operations` are openapi-typescript types, `schemas` the zod schema of every
 * definition (keyed by definition name), `operationTable` the spec's operations by operationId and
 * `operationSince` the first vendored master version that has each operation.
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
export { type SchemaName, schemas } from './generated/schemas';
export {
  compareMasterVersions,
  type MissingOperation,
  missingOperation,
  parseMasterVersion,
} from './master-version';
