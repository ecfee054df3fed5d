import type { OperationInfo } from '@determined-ts/bindings';

export type { OperationInfo, OperationParameter } from '@determined-ts/bindings';

/** One problem found by a schema (the subset of a zod issue the mock uses). */
export interface SchemaIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Anything with zod's `safeParse` (the generated schemas are zod 4 schemas). */
export interface SchemaLike {
  safeParse(
    value: unknown,
  ): { success: true } | { success: false; error: { issues: readonly SchemaIssue[] } };
}

/** The operation table and the schemas the server routes and validates with. */
export interface ApiDescription {
  operations: Readonly<Record<string, OperationInfo>>;
  schemas: Readonly<Record<string, SchemaLike>>;
}
