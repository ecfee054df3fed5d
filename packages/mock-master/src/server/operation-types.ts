import type { OperationInfo } from '@determined-ts/bindings';

export type { OperationInfo, OperationParameter } from '@determined-ts/bindings';

/** One problem found by a schema (the subset of a zod issue the mock uses). */
export interface SchemaIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Anything with zod's `safeParse` (the generated schemas are zod 4 schemas). */
export interface SchemaLike {
  /** Checks `value` without throwing (zod's `safeParse`). */
  safeParse(value: unknown):
    | {
        /** The value matches. */
        success: true;
      }
    | {
        /** The value does not match. */
        success: false;
        /** Why not. */
        error: {
          /** One entry per mismatch. */
          issues: readonly SchemaIssue[];
        };
      };
}

/** The operation table and the schemas the server routes and validates with. */
export interface ApiDescription {
  /** The spec's operations by operationId. */
  operations: Readonly<Record<string, OperationInfo>>;
  /** A schema per spec definition, by definition name. */
  schemas: Readonly<Record<string, SchemaLike>>;
}
