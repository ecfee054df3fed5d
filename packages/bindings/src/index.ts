/**
 * Typed bindings for the Determined master REST API, generated from its OpenAPI spec.
 * `paths`/`components`/`operations` are openapi-typescript types, `schemas` the zod schema of every
 * definition (keyed by definition name, each built on first access), `operationTable` the spec's
 * operations by operationId and `operationSince` the first vendored master version that has each
 * operation. `@determined-ts/bindings/operations` is the same without the schemas (it does not load
 * zod) and `@determined-ts/bindings/schemas` the schemas alone.
 */
export * from './operations';
// Named, not `export *`: a bundler that also meets a dynamic import of the schemas entry (the client
// loads it on first validation) wraps that module for lazy evaluation, and esbuild's star re-export
// of a wrapped module is undefined until something else has evaluated it.
export { type SchemaName, schemas } from './schemas';
