import { readFileSync } from 'node:fs';
import path from 'node:path';
import { schemas } from '@determined-ts/bindings';
import { fixturesDir } from '@test-support/vendored';
import { z } from 'zod';

/** Each recorded body and the definition of the response it was recorded from. */
const fixtureSchemas: Record<string, keyof typeof schemas> = {
  'checkpoint.json': 'v1GetCheckpointResponse',
  'checkpoints.json': 'v1GetExperimentCheckpointsResponse',
  'experiment.json': 'v1GetExperimentResponse',
  'experiment_trials.json': 'v1GetExperimentTrialsResponse',
  'experiments.json': 'v1GetExperimentsResponse',
  'model.json': 'v1GetModelResponse',
  'model_versions.json': 'v1GetModelVersionsResponse',
  'pagination.json': 'v1Pagination',
  'project.json': 'v1GetProjectResponse',
  'resource_pool.json': 'v1GetResourcePoolsResponse',
  'trial.json': 'v1GetTrialResponse',
  'workspace.json': 'v1GetWorkspaceResponse',
  // A model-definition JSON document (not an API response): any JSON object, as a protobuf Struct.
  'alex_v2_1gpu.json': 'protobufStruct',
};

const minimalExperiment = {
  id: 7,
  name: 'mnist',
  state: 'STATE_ACTIVE',
  archived: false,
  numTrials: 1,
  trialIds: [1],
  searcherType: 'single',
  resourcePool: 'default',
  startTime: '2026-01-01T00:00:00Z',
  username: 'determined',
  userId: 1,
  notes: '',
  jobId: 'job',
  projectId: 1,
  projectOwnerId: 1,
  workspaceId: 1,
  workspaceName: 'Uncategorized',
  parentArchived: false,
  config: {},
  originalConfig: 'name: mnist',
  projectName: 'Uncategorized',
  modelDefinitionSize: 0,
  unmanaged: false,
};

function messageOf(result: { success: boolean; error?: z.ZodError }): string {
  return result.error ? z.prettifyError(result.error) : '';
}

describe('generated zod schemas', () => {
  it('accept a minimal experiment response', () => {
    const result = schemas.v1GetExperimentResponse.safeParse({ experiment: minimalExperiment });
    expect(messageOf(result)).toBe('');
  });

  it('accept null for optional fields and keep unknown extra fields', () => {
    const body = { experiment: { ...minimalExperiment, forkedFrom: null, description: null, brandNew: 1 } };
    const parsed = schemas.v1GetExperimentResponse.parse(body);
    expect(parsed.experiment).toMatchObject({ forkedFrom: null, brandNew: 1 });
  });

  it('read int64 values as decimal strings and reject plain numbers for them', () => {
    expect(schemas.v1Checkpoint.shape.resources.parse({ 'model.pt': '1234567890123' })).toEqual({
      'model.pt': '1234567890123',
    });
    const bad = schemas.v1Checkpoint.shape.resources.safeParse({ 'model.pt': 12 });
    expect(messageOf(bad)).toContain('model.pt');
  });

  it('accept the non-finite float strings of proto3 JSON', () => {
    expect(schemas.v1Experiment.shape.progress.parse('NaN')).toBe('NaN');
    expect(schemas.v1Experiment.shape.progress.parse(0.5)).toBe(0.5);
  });

  it('ignore required names that are not properties of the definition', () => {
    expect(schemas.v1TrialLogsFieldsResponse.safeParse({}).success).toBe(true);
    expect(schemas.v1ListWorkspacesBoundToRPResponse.safeParse({}).success).toBe(true);
  });

  it('treat protobuf Struct fields as any JSON object', () => {
    const parsed = schemas.v1GetExperimentResponse.parse({
      experiment: minimalExperiment,
      config: { searcher: { name: 'single', metric: 'loss' }, hyperparameters: { lr: 0.1 } },
    });
    expect(parsed.config).toEqual({
      searcher: { name: 'single', metric: 'loss' },
      hyperparameters: { lr: 0.1 },
    });
  });

  it('reject a wrong type for a known field with a message naming the field path', () => {
    const body = { experiment: { ...minimalExperiment, numTrials: 'many' } };
    const message = messageOf(schemas.v1GetExperimentResponse.safeParse(body));
    expect(message).toContain('expected number');
    expect(message).toContain('experiment.numTrials');
  });

  it('reject an enum value the spec does not define', () => {
    const message = messageOf(
      schemas.v1GetExperimentResponse.safeParse({
        experiment: { ...minimalExperiment, state: 'STATE_BORED' },
      }),
    );
    expect(message).toContain('experiment.state');
  });

  it('accept the recursive file tree of a model definition', () => {
    const tree = {
      files: [{ path: 'a', name: 'a', isDir: true, files: [{ path: 'a/b.py', name: 'b.py' }] }],
    };
    expect(schemas.v1GetModelDefTreeResponse.safeParse(tree).success).toBe(true);
    const bad = { files: [{ path: 'a', files: [{ path: 3 }] }] };
    expect(messageOf(schemas.v1GetModelDefTreeResponse.safeParse(bad))).toContain('files[0].files[0].path');
  });
});

describe('recorded master responses (determined-0.38.1 fixtures)', () => {
  it.each(Object.entries(fixtureSchemas))('%s validates against %s', (file, schemaName) => {
    const body: unknown = JSON.parse(readFileSync(path.join(fixturesDir, file), 'utf8'));
    expect(messageOf(schemas[schemaName].safeParse(body))).toBe('');
  });

  it('trial_logs.json: every NDJSON line validates as a TrialLogs stream result', () => {
    const lines = readFileSync(path.join(fixturesDir, 'trial_logs.json'), 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const { result } = JSON.parse(line) as { result: unknown };
      expect(messageOf(schemas.v1TrialLogsResponse.safeParse(result))).toBe('');
    }
  });

  it('a recorded body with a wrong type is rejected naming the field path', () => {
    const body = JSON.parse(readFileSync(path.join(fixturesDir, 'experiment.json'), 'utf8'));
    body.experiment.archived = 'yes';
    const message = messageOf(schemas.v1GetExperimentResponse.safeParse(body));
    expect(message).toContain('experiment.archived');
  });
});
