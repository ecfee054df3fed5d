import type { ApiModel, Slot } from '../diff/api-model';
import type { Change } from '../diff/compare';
import { affectedUses, changesByName } from './affected';
import { sourceMembers } from './source-members';

const slot = (type: string): Slot => ({ type, required: false, enumValues: undefined });

const before: ApiModel = {
  source: 'old',
  sha256: '0',
  operations: new Map([
    [
      'GetExperiment',
      {
        method: 'get',
        path: '/api/v1/experiments/{experimentId}',
        parameters: new Map(),
        requestSchema: null,
        responseSchema: 'v1GetExperimentResponse',
        streaming: false,
      },
    ],
    [
      'GetMaster',
      {
        method: 'get',
        path: '/api/v1/master',
        parameters: new Map(),
        requestSchema: null,
        responseSchema: 'v1GetMasterResponse',
        streaming: false,
      },
    ],
  ]),
  definitions: new Map([
    [
      'v1GetExperimentResponse',
      { type: 'object', fields: new Map([['experiment', slot('v1Experiment')]]), enumValues: undefined },
    ],
    ['v1Experiment', { type: 'object', fields: new Map([['name', slot('string')]]), enumValues: undefined }],
    [
      'v1GetMasterResponse',
      { type: 'object', fields: new Map([['version', slot('string')]]), enumValues: undefined },
    ],
  ]),
};

const renamed: Change = {
  kind: 'field-removed',
  subject: 'definition',
  name: 'v1Experiment',
  member: 'name',
  detail: 'field name (string) removed',
  breaking: true,
};

describe('facade members reached by changes', () => {
  it('maps a nested definition change to the operations whose response holds it', () => {
    const byName = changesByName([renamed], before);
    expect(byName.get('GetExperiment')).toEqual([renamed]);
    expect(byName.get('v1Experiment')).toEqual([renamed]);
    expect(byName.has('GetMaster')).toBe(false);
    expect(byName.get('/api/v1/experiments/{experimentId}')).toEqual([renamed]);
    expect(byName.has('/api/v1/master')).toBe(false);
  });

  it('lists each member naming a changed operation once, with the changes', () => {
    const files = new Map([
      [
        'packages/client/src/experiment.ts',
        sourceMembers(
          'experiment.ts',
          "export async function getExperiment(id: number) {\n  await call('GetExperiment', {});\n  return call('GetExperiment', {});\n}\nexport const master = () => call('GetMaster', {});\n",
        ),
      ],
    ]);
    expect(affectedUses(files, changesByName([renamed], before))).toEqual([
      {
        file: 'packages/client/src/experiment.ts',
        member: 'getExperiment',
        line: 2,
        uses: 'GetExperiment',
        changes: [renamed],
      },
    ]);
  });
});
