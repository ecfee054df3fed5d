import { toOpenApi3 } from '../convert';
import { collectOperations } from '../emit-operations';
import type { LoadedSpec } from '../load-spec';
import { normalize } from '../normalize';
import { refName, type SchemaObject } from '../oas-types';

/** A typed slot (parameter or field): its type in words, whether it is required, its enum values. */
export interface Slot {
  readonly type: string;
  readonly required: boolean;
  readonly enumValues: readonly string[] | undefined;
}

/** An operation as the diff compares it. */
export interface ApiOperation {
  readonly method: string;
  readonly path: string;
  /** Keyed `<in>:<name>` (`query:sortBy`, `path:experimentId`); the body is `body:body`. */
  readonly parameters: ReadonlyMap<string, Slot>;
  readonly requestSchema: string | null;
  readonly responseSchema: string | null;
  readonly streaming: boolean;
}

/** A definition as the diff compares it. */
export interface ApiDefinition {
  /** `object`, `enum`, or the type in words for anything else. */
  readonly type: string;
  readonly fields: ReadonlyMap<string, Slot>;
  readonly enumValues: readonly string[] | undefined;
}

/** The comparable shape of one spec: operations by operationId and definitions by name. */
export interface ApiModel {
  readonly source: string;
  readonly sha256: string;
  readonly operations: ReadonlyMap<string, ApiOperation>;
  readonly definitions: ReadonlyMap<string, ApiDefinition>;
}

/** A schema node's type in words: `string`, `int64`, `v1Experiment`, `array<string>`, `map<number>`. */
export function typeInWords(schema: SchemaObject | undefined): string {
  if (!schema) return 'unknown';
  if (schema.$ref) return refName(schema.$ref);
  if (schema.enum) return 'enum';
  const format = schema.format === 'int64' || schema.format === 'uint64' ? 'int64' : undefined;
  switch (schema.type) {
    case 'string':
    case 'integer':
      return format ?? schema.type;
    case 'array':
      return `array<${typeInWords(schema.items)}>`;
    case 'object':
    case undefined: {
      if (schema.properties && Object.keys(schema.properties).length > 0) return 'object';
      const extra = schema.additionalProperties;
      if (typeof extra === 'object' && Object.keys(extra).length > 0) return `map<${typeInWords(extra)}>`;
      return schema.type === 'object' ? 'object' : 'any';
    }
    default:
      return schema.type;
  }
}

function enumOf(schema: SchemaObject | undefined): string[] | undefined {
  const values = schema?.enum ?? (schema?.type === 'array' ? schema.items?.enum : undefined);
  return values ? values.map(String) : undefined;
}

function definitionOf(schema: SchemaObject): ApiDefinition {
  const required = new Set(schema.required ?? []);
  const fields = new Map<string, Slot>();
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    fields.set(name, { type: typeInWords(child), required: required.has(name), enumValues: enumOf(child) });
  }
  return { type: typeInWords(schema), fields, enumValues: enumOf(schema) };
}

/** Convert and normalize a loaded spec exactly as generation does, then reduce it to an `ApiModel`. */
export async function apiModel(spec: LoadedSpec): Promise<ApiModel> {
  const document = await toOpenApi3(spec.document);
  normalize(document);
  const operations = new Map<string, ApiOperation>();
  for (const entry of collectOperations(document)) {
    const parameters = new Map<string, Slot>();
    const operation = document.paths[entry.path]?.[entry.method];
    for (const parameter of operation?.parameters ?? []) {
      parameters.set(`${parameter.in}:${parameter.name}`, {
        type: typeInWords(parameter.schema),
        required: parameter.required === true,
        enumValues: enumOf(parameter.schema),
      });
    }
    if (entry.requestSchema) {
      const required = entry.parameters.some(
        (parameter) => parameter.in === 'body' && parameter.required === true,
      );
      parameters.set('body:body', { type: entry.requestSchema, required, enumValues: undefined });
    }
    operations.set(entry.operationId, {
      method: entry.method,
      path: entry.path,
      parameters,
      requestSchema: entry.requestSchema,
      responseSchema: entry.responseSchema,
      streaming: entry.streaming,
    });
  }
  const definitions = new Map<string, ApiDefinition>();
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    definitions.set(name, definitionOf(schema));
  }
  return { source: spec.source, sha256: spec.sha256, operations, definitions };
}
