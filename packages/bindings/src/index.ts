/**
 * Typed bindings for the Determined master REST API, generated from its OpenAPI spec.
 * `paths`/`components`/`operations` are openapi-typescript types, `schemas` the zod schema of every
 * definition (keyed by definition name) and `operationTable` the spec's operations by operationId.
 */
export type { components, operations, paths } from './generated/openapi';
export {
  type OperationId,
  type OperationInfo,
  type OperationParameter,
  operationTable,
} from './generated/operation-table';
export { type SchemaName, schemas } from './generated/schemas';
