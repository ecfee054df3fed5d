import type { OpenApiDocument, SchemaObject } from './oas-types';

/**
 * Protobuf well-known types as their JSON mapping: a `Struct` is any JSON object, a `Value` any JSON
 * value, a `ListValue` any JSON array. The spec describes their proto shape (`{fields: ...}`), which
 * no master ever sends.
 */
const wellKnownTypes: Readonly<Record<string, SchemaObject>> = {
  protobufStruct: { type: 'object', additionalProperties: true, description: 'Any JSON object.' },
  protobufValue: { description: 'Any JSON value.' },
  protobufListValue: { type: 'array', items: {}, description: 'Any JSON array.' },
};

/** What normalization changed, for the generated files' headers and tests. */
export interface NormalizationReport {
  readonly droppedRequired: readonly string[];
  readonly wellKnownReplaced: readonly string[];
}

/**
 * Make the converted spec describe what a real master sends: drop `required` names that are not
 * properties (upstream quirk) and map protobuf well-known types to their JSON shapes.
 * Mutates and returns the document.
 */
export function normalize(document: OpenApiDocument): NormalizationReport {
  const schemas = document.components.schemas;
  const droppedRequired: string[] = [];
  const wellKnownReplaced: string[] = [];
  for (const [name, replacement] of Object.entries(wellKnownTypes)) {
    if (schemas[name]) {
      schemas[name] = { ...replacement, title: schemas[name].title ?? name };
      wellKnownReplaced.push(name);
    }
  }
  for (const [name, schema] of Object.entries(schemas)) {
    visit(schema, name, droppedRequired);
  }
  return { droppedRequired, wellKnownReplaced };
}

function visit(schema: SchemaObject, where: string, dropped: string[]): void {
  if (schema.required && schema.properties) {
    const properties = schema.properties;
    const kept = schema.required.filter((field) => field in properties);
    for (const field of schema.required) if (!(field in properties)) dropped.push(`${where}.${field}`);
    if (kept.length > 0) schema.required = kept;
    else delete schema.required;
  } else if (schema.required && !schema.properties) {
    for (const field of schema.required) dropped.push(`${where}.${field}`);
    delete schema.required;
  }
  for (const [key, child] of Object.entries(schema.properties ?? {}))
    visit(child, `${where}.${key}`, dropped);
  if (schema.items) visit(schema.items, `${where}[]`, dropped);
  if (typeof schema.additionalProperties === 'object')
    visit(schema.additionalProperties, `${where}{}`, dropped);
}
