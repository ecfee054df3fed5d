import type { ApiDefinition, ApiModel, ApiOperation, Slot } from './api-model';
import { type Change, compareModels } from './compare';

const slot = (type: string, required = false, enumValues?: string[]): Slot => ({
  type,
  required,
  enumValues,
});

function operation(parameters: Record<string, Slot>, extra: Partial<ApiOperation> = {}): ApiOperation {
  return {
    method: 'get',
    path: '/api/v1/models',
    parameters: new Map(Object.entries(parameters)),
    requestSchema: null,
    responseSchema: 'v1GetModelsResponse',
    streaming: false,
    ...extra,
  };
}

function definition(fields: Record<string, Slot>, enumValues?: string[]): ApiDefinition {
  return { type: enumValues ? 'enum' : 'object', fields: new Map(Object.entries(fields)), enumValues };
}

function model(
  operations: Record<string, ApiOperation>,
  definitions: Record<string, ApiDefinition>,
): ApiModel {
  return {
    source: 'test',
    sha256: '0',
    operations: new Map(Object.entries(operations)),
    definitions: new Map(Object.entries(definitions)),
  };
}

const brief = (changes: Change[]) =>
  changes.map((c) => [c.kind, c.name, c.member, c.breaking].filter((part) => part !== undefined).join(' '));

describe('comparing two API models', () => {
  it('classifies removed, moved and retyped as breaking, added optional as not', () => {
    const before = model(
      {
        GetModels: operation({ 'query:sortBy': slot('v1OrderBy'), 'query:limit': slot('integer') }),
        GetGone: operation({}),
        Moved: operation({}, { path: '/old' }),
      },
      {},
    );
    const after = model(
      {
        GetModels: operation({
          'query:orderBy': slot('v1OrderBy'),
          'query:limit': slot('int64'),
          'query:x': slot('string'),
        }),
        Moved: operation({}, { path: '/new' }),
        PostNew: operation({}, { method: 'post' }),
      },
      {},
    );
    expect(brief(compareModels(before, after))).toEqual([
      'operation-removed GetGone true',
      'parameter-removed GetModels query:sortBy true',
      'parameter-retyped GetModels query:limit true',
      'parameter-added GetModels query:orderBy false',
      'parameter-added GetModels query:x false',
      'operation-moved Moved true',
      'operation-added PostNew false',
    ]);
  });

  it('treats a newly required parameter or field as breaking and a new required field as breaking', () => {
    const before = model(
      { Op: operation({ 'query:a': slot('string') }) },
      { v1X: definition({ a: slot('string') }) },
    );
    const after = model(
      { Op: operation({ 'query:a': slot('string', true) }) },
      { v1X: definition({ a: slot('string', true), b: slot('string', true) }) },
    );
    expect(brief(compareModels(before, after))).toEqual([
      'parameter-required Op query:a true',
      'field-required v1X a true',
      'field-added v1X b true',
    ]);
  });

  it('reports enum values: removed breaking, added not', () => {
    const before = model({}, { v1State: definition({}, ['A', 'B']) });
    const after = model({}, { v1State: definition({}, ['A', 'C']) });
    expect(brief(compareModels(before, after))).toEqual([
      'enum-value-removed v1State v1State=B true',
      'enum-value-added v1State v1State=C false',
    ]);
  });

  it('reports renamed fields as one removal and one addition, and retyped definitions once', () => {
    const before = model(
      {},
      { v1Req: definition({ modelDefinition: slot('array<v1File>') }), v1E: definition({}, ['A']) },
    );
    const after = model(
      {},
      { v1Req: definition({ modelFiles: slot('array<v1File>') }), v1E: definition({ a: slot('string') }) },
    );
    expect(brief(compareModels(before, after))).toEqual([
      'definition-retyped v1E true',
      'field-removed v1Req modelDefinition true',
      'field-added v1Req modelFiles false',
    ]);
  });
});
