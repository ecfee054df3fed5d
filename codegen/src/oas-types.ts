/** The subset of OpenAPI 3.0 that the generators read (after Swagger 2.0 conversion). */
export interface SchemaObject {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: readonly unknown[];
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  additionalProperties?: SchemaObject | boolean;
  required?: string[];
  allOf?: SchemaObject[];
  nullable?: boolean;
  title?: string;
  description?: string;
  [key: string]: unknown;
}

/** An OpenAPI 3 parameter. */
export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
  $ref?: string;
}

/** An OpenAPI 3 media type map (`content`). */
export type ContentObject = Record<string, { schema?: SchemaObject }>;

/** An OpenAPI 3 operation. */
export interface OperationObject {
  operationId?: string;
  tags?: string[];
  parameters?: ParameterObject[];
  requestBody?: { content?: ContentObject; required?: boolean; $ref?: string };
  responses?: Record<string, { content?: ContentObject; $ref?: string }>;
  [key: string]: unknown;
}

/** An OpenAPI 3 document. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, SchemaObject>; [key: string]: unknown };
  [key: string]: unknown;
}

/** HTTP methods that may appear as keys of a path item, in a fixed order. */
export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

/** The definition name a local `$ref` points to. */
export function refName(ref: string): string {
  const name = ref.split('/').pop();
  if (!name) throw new Error(`unsupported $ref ${ref}`);
  return decodeURIComponent(name.replace(/~1/g, '/').replace(/~0/g, '~'));
}
