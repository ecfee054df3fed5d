import { collectOperations } from './emit-operations';
import type { OpenApiDocument } from './oas-types';

function documentWithSharedBody(): OpenApiDocument {
  const body = { $ref: '#/components/requestBodies/v1Template' };
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/api/v1/templates/{template.name}': {
        post: { operationId: 'PostTemplate', requestBody: body, responses: {} },
        put: { operationId: 'PutTemplate', requestBody: body, responses: {} },
      },
    },
    components: {
      schemas: { v1Template: { type: 'object' } },
      requestBodies: {
        v1Template: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/v1Template' } } },
        },
      },
    },
  };
}

describe('collectOperations', () => {
  it('resolves a request body that swagger2openapi hoisted into components.requestBodies', () => {
    const entries = collectOperations(documentWithSharedBody());
    expect(entries.map((e) => [e.operationId, e.requestSchema])).toEqual([
      ['PostTemplate', 'v1Template'],
      ['PutTemplate', 'v1Template'],
    ]);
    expect(entries[0]?.parameters).toContainEqual({
      name: 'body',
      in: 'body',
      required: true,
      type: 'object',
      schema: 'v1Template',
    });
  });
});
