import {
  type ContentObject,
  httpMethods,
  type OpenApiDocument,
  type OperationObject,
  type ParameterObject,
  refName,
  type SchemaObject,
} from './oas-types';

/** One entry of the generated operation table. */
export interface OperationEntry {
  operationId: string;
  method: string;
  path: string;
  tags: string[];
  streaming: boolean;
  produces: string[];
  parameters: Record<string, unknown>[];
  requestSchema: string | null;
  responseSchema: string | null;
}

const STREAM_TITLE = 'Stream result of ';

const declarations = `/** A parameter of an operation, as the spec declares it. */
export interface OperationParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'body';
  readonly required: boolean;
  readonly type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  readonly format?: string;
  readonly enum?: readonly string[];
  readonly items?: { readonly type?: string; readonly format?: string; readonly enum?: readonly string[] };
  /** Definition name of a body parameter's schema. */
  readonly schema?: string;
}

/** What the master's spec says about one operation. */
export interface OperationInfo {
  readonly operationId: string;
  readonly method: 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch';
  readonly path: string;
  readonly tags: readonly string[];
  /** True when the master answers with newline-delimited JSON (\`{"result": ...}\` per line). */
  readonly streaming: boolean;
  readonly produces: readonly string[];
  readonly parameters: readonly OperationParameter[];
  /** Definition name of the JSON request body, if any. */
  readonly requestSchema: string | null;
  /** Definition name of the 200 body; for streaming operations, of each line's \`result\`. */
  readonly responseSchema: string | null;
}
`;

function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function parameterEntry(parameter: ParameterObject): Record<string, unknown> {
  const schema = parameter.schema ?? {};
  const items = schema.items
    ? compact({ type: schema.items.type, format: schema.items.format, enum: schema.items.enum })
    : undefined;
  return compact({
    name: parameter.name,
    in: parameter.in,
    required: parameter.required === true,
    type: schema.type,
    format: schema.format,
    enum: schema.enum,
    items,
  });
}

type RequestBody = NonNullable<OperationObject['requestBody']>;

// swagger2openapi hoists a body shared by several operations into components.requestBodies.
function resolveBody(document: OpenApiDocument, body: RequestBody | undefined): RequestBody | undefined {
  if (!body?.$ref) return body;
  const bodies = document.components.requestBodies as Record<string, RequestBody> | undefined;
  return bodies?.[refName(body.$ref)];
}

function bodyEntry(
  document: OpenApiDocument,
  operation: OperationObject,
): { entry?: Record<string, unknown>; schema: string | null } {
  const body = resolveBody(document, operation.requestBody);
  if (!body?.content) return { schema: null };
  const schema = Object.values(body.content)[0]?.schema;
  const name = schema?.$ref ? refName(schema.$ref) : null;
  const entry = compact({
    name: 'body',
    in: 'body',
    required: body.required === true,
    type: name ? 'object' : schema?.type,
    schema: name ?? undefined,
  });
  return { entry, schema: name };
}

function responseInfo(
  content: ContentObject | undefined,
): Pick<OperationEntry, 'streaming' | 'responseSchema'> {
  const schema: SchemaObject | undefined = content ? Object.values(content)[0]?.schema : undefined;
  if (!schema) return { streaming: false, responseSchema: null };
  if (schema.title?.startsWith(STREAM_TITLE)) {
    const result = schema.properties?.result?.$ref;
    return { streaming: true, responseSchema: result ? refName(result) : null };
  }
  return { streaming: false, responseSchema: schema.$ref ? refName(schema.$ref) : null };
}

/** Collect every operation of the document, sorted by operationId. */
export function collectOperations(document: OpenApiDocument): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of httpMethods) {
      const operation = item[method];
      if (!operation) continue;
      const operationId = operation.operationId ?? `${method} ${path}`;
      const success = operation.responses?.['200'];
      const body = bodyEntry(document, operation);
      const parameters = (operation.parameters ?? []).map(parameterEntry);
      if (body.entry) parameters.push(body.entry);
      entries.push({
        operationId,
        method,
        path,
        tags: operation.tags ?? [],
        produces: Object.keys(success?.content ?? { 'application/json': {} }),
        parameters,
        requestSchema: body.schema,
        ...responseInfo(success?.content),
      });
    }
  }
  return entries.sort((a, b) => (a.operationId < b.operationId ? -1 : a.operationId > b.operationId ? 1 : 0));
}

/** Generate the operation table module. */
export function emitOperations(document: OpenApiDocument): string {
  const entries = collectOperations(document);
  const body = entries
    .map((entry) => `  ${JSON.stringify(entry.operationId)}: ${JSON.stringify(entry)},`)
    .join('\n');
  return `${declarations}
/** Every operation of the spec, keyed by operationId. */
export const operationTable = {
${body}
} as const satisfies Readonly<Record<string, OperationInfo>>;

/** An operationId of the spec. */
export type OperationId = keyof typeof operationTable;
`;
}
