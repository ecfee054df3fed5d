/**
 * The zod schema of every definition of the spec (`@determined-ts/bindings/schemas`), keyed by
 * definition name. Each schema is built on first access, not when this module loads.
 */
export { type SchemaName, schemas } from './generated/schemas';
