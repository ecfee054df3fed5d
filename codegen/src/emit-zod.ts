import { type OpenApiDocument, refName, type SchemaObject } from './oas-types';
import { schemaOrder } from './schema-order';

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

const prelude = `import { z } from 'zod';

/** int32/uint32 and other JSON numbers that must be integers. */
const int = z.number().int();
/** int64/uint64 travel as decimal strings (proto3 JSON). */
const int64 = z.string().regex(/^-?\\d+$/, 'expected an int64 as a decimal string');
/**
 * Floats: proto3 JSON writes non-finite values as strings. Literals, not \`z.enum\`: an enum's key
 * \`-Infinity\` would be declared as the computed property \`[-Infinity]\` (TS1170) in the .d.ts bundle.
 */
const float = z.union([z.number(), z.literal(['NaN', 'Infinity', '-Infinity'])]);
/** Free-form JSON objects (protobuf Struct and maps of unknown values). */
const jsonObject = z.record(z.string(), z.unknown());

/**
 * A definition's accessor: builds the schema on first call and returns that same object after
 * (validators cache work per schema object), so loading this module builds nothing.
 */
function lazy<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => {
    built ??= build();
    return built;
  };
}
`;

function propertyKey(name: string): string {
  return identifier.test(name) ? name : JSON.stringify(name);
}

/** Zod expression for one schema node; `refs` collects the definitions it references. */
export function zodFor(schema: SchemaObject, refs: Set<string>): string {
  if (schema.$ref) {
    const name = refName(schema.$ref);
    refs.add(name);
    return `${accessorName(name)}()`;
  }
  if (schema.enum) return `z.enum(${JSON.stringify(schema.enum)})`;
  switch (schema.type) {
    case 'string':
      if (schema.format === 'int64' || schema.format === 'uint64') return 'int64';
      return 'z.string()';
    case 'integer':
      return schema.format === 'int64' || schema.format === 'uint64' ? 'z.union([int, int64])' : 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'z.boolean()';
    case 'array':
      return `z.array(${schema.items ? zodFor(schema.items, refs) : 'z.unknown()'})`;
    case 'object':
      return objectFor(schema, refs);
    default:
      return schema.properties ? objectFor(schema, refs) : 'z.unknown()';
  }
}

function objectFor(schema: SchemaObject, refs: Set<string>, selfName?: string): string {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) {
    const extra = schema.additionalProperties;
    if (typeof extra === 'object' && Object.keys(extra).length > 0) {
      return `z.record(z.string(), ${zodFor(extra, refs)})`;
    }
    return properties.length === 0 && schema.type === 'object' && extra === undefined
      ? 'z.looseObject({})'
      : 'jsonObject';
  }
  const required = new Set(schema.required ?? []);
  const lines = properties.map(([key, child]) => {
    const childRefs = new Set<string>();
    let expression = zodFor(child, childRefs);
    if (!required.has(key)) expression += '.nullish()';
    for (const ref of childRefs) refs.add(ref);
    if (selfName && childRefs.has(selfName)) {
      // A self-reference must be a getter with an explicit type, or TypeScript cannot infer it.
      return `  get ${propertyKey(key)}(): z.ZodType<unknown> {\n    return ${expression};\n  },`;
    }
    return `  ${propertyKey(key)}: ${expression},`;
  });
  return `z.looseObject({\n${lines.join('\n')}\n})`;
}

/** The name of the memoized accessor of a definition (a valid identifier for any definition name). */
function accessorName(name: string): string {
  return identifier.test(name) ? name : `$${name.replace(/[^A-Za-z0-9_$]/g, '_')}`;
}

/** One definition as a {@link lazy} accessor: its schema is built on first access. */
function definitionFor(name: string, schema: SchemaObject): string {
  const refs = new Set<string>();
  const isObject = schema.type === 'object' || (!schema.type && schema.properties);
  const expression = isObject && !schema.enum ? objectFor(schema, refs, name) : zodFor(schema, refs);
  const doc = (schema.title ?? name).replace(/\*\//g, '*\\/').split('\n')[0];
  return [`/** ${doc} */`, `const ${accessorName(name)} = lazy(() => ${expression});`, ''].join('\n');
}

/**
 * Generate zod schemas for every component schema plus the `schemas` registry. Nothing is built
 * when the module loads: each registry entry is a getter that builds its schema (and the ones it
 * references) on first access, so a process that validates a few responses builds a few schemas.
 */
export function emitZod(document: OpenApiDocument): string {
  const schemas = document.components.schemas;
  const names = schemaOrder(schemas);
  const definitions = names.map((name) => definitionFor(name, schemas[name] as SchemaObject));
  const sorted = [...names].sort();
  const map = sorted
    .map((name) => `  get ${propertyKey(name)}() {\n    return ${accessorName(name)}();\n  },`)
    .join('\n');
  return `${prelude}\n${definitions.join('\n')}\n/** Every definition's schema, keyed by definition name; each is built on first access. */\nexport const schemas = {\n${map}\n};\n\n/** Name of a definition in the spec. */\nexport type SchemaName = keyof typeof schemas;\n`;
}
