import converter from 'swagger2openapi';
import { CodegenError } from './errors';
import type { OpenApiDocument } from './oas-types';

/** Convert a Swagger 2.0 document to OpenAPI 3.0 with swagger2openapi; OpenAPI 3 passes through. */
export async function toOpenApi3(document: Record<string, unknown>): Promise<OpenApiDocument> {
  if (typeof document.openapi === 'string') return structuredClone(document) as unknown as OpenApiDocument;
  try {
    const { openapi } = await converter.convertObj(structuredClone(document), {
      patch: true,
      warnOnly: true,
      resolveInternal: false,
    });
    const result = openapi as unknown as OpenApiDocument;
    result.components ??= { schemas: {} };
    result.components.schemas ??= {};
    return result;
  } catch (error) {
    throw new CodegenError(`Swagger 2.0 → OpenAPI 3 conversion failed: ${(error as Error).message}`);
  }
}
