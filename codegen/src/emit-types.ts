import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import type { OpenApiDocument } from './oas-types';

const nullType = ts.factory.createLiteralTypeNode(ts.factory.createNull());

/**
 * Generate `paths` / `components` / `operations` types with openapi-typescript. Optional properties
 * also admit `null`, because real masters send `null` for unset fields and clients send it too.
 */
export async function emitTypes(document: OpenApiDocument): Promise<string> {
  const ast = await openapiTS(structuredClone(document) as unknown as Parameters<typeof openapiTS>[0], {
    silent: true,
    transformProperty(property) {
      if (!property.questionToken || !property.type) return property;
      return ts.factory.updatePropertySignature(
        property,
        property.modifiers,
        property.name,
        property.questionToken,
        ts.factory.createUnionTypeNode([property.type, nullType]),
      );
    },
  });
  return astToString(ast);
}
