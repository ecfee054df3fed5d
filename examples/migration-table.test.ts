// docs/migrating-from-python.md maps every public Python SDK name to a TypeScript one; this keeps
// the TypeScript column true: each name is exported, each method is on its class, each attribute
// on an instance, each enum member on its enum.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as client from '@determined-ts/client';

const doc = readFileSync(path.resolve(__dirname, '..', 'docs', 'migrating-from-python.md'), 'utf8');

/** [python cell, typescript cell] of every mapping row (tables after the naming rules). */
function mappingRows(): [string, string][] {
  const body = doc.slice(doc.indexOf('## Module functions'));
  return body
    .split('\n')
    .filter((line) => line.startsWith('| ') && !/^\| (Python|-+) /.test(line))
    .map((line) => {
      const cells = line.split(' | ');
      return [cells[0]?.slice(2) ?? '', cells[1] ?? ''];
    });
}

const codeSpans = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');

const session = new client.Determined({ master: 'http://127.0.0.1:9' }).session;

/** An instance of each class whose attributes the table names (constructors do no I/O). */
const instances: Record<string, object> = {
  Experiment: new client.Experiment(1, session),
  Trial: new client.Trial(1, session),
  Checkpoint: new client.Checkpoint(session, 'uuid'),
  CheckpointTrainingMetadata: new client.CheckpointTrainingMetadata({}, 1, 1, {}, {}),
  Model: new client.Model(session, 'model'),
  ModelVersion: new client.ModelVersion(session, 1, 'model'),
  TrialMetrics: new client.TrialMetrics({
    trialId: 1,
    trialRunId: 1,
    stepsCompleted: 1,
    endTime: new Date(0),
    metrics: {},
    group: 'training',
  }),
  User: new client.User(1, session),
  Workspace: new client.Workspace(session, { workspaceId: 1 }),
  Project: new client.Project(session, 1),
  ResourcePool: new client.ResourcePool(session, { name: 'pool' }),
  Oauth2ScimClient: new client.Oauth2ScimClient({}),
  Determined: new client.Determined({ master: 'http://127.0.0.1:9' }),
};

const exported = client as unknown as Record<string, unknown>;

/** Why `name` (a code span of the TypeScript column) is not what the table says, or null. */
function problem(name: string): string | null {
  const match = /^([A-Za-z]\w*)(?:\.([A-Za-z_]\w*))?(\(\))?$/.exec(name);
  if (match === null) return 'is not a name, Name.member or Name.member()';
  const [, owner = '', member, call] = match;
  const value = exported[owner];
  if (value === undefined) return `${owner} is not exported`;
  if (member === undefined) return call && typeof value !== 'function' ? `${owner} is not a function` : null;
  if (call) {
    const proto = (value as { prototype?: Record<string, unknown> }).prototype;
    const method = proto?.[member] ?? (value as Record<string, unknown>)[member];
    return typeof method === 'function' ? null : `${owner} has no method ${member}`;
  }
  const holder: unknown = typeof value === 'function' ? instances[owner] : value;
  if (holder === undefined) return `no instance of ${owner} to look ${member} up on`;
  if (holder === null || (typeof holder !== 'object' && typeof holder !== 'function')) {
    return `${owner} is not an object, so it has no ${member}`;
  }
  return member in holder ? null : `${owner} has no ${member}`;
}

describe('docs/migrating-from-python.md', () => {
  const rows = mappingRows();

  it('names a TypeScript counterpart in every row', () => {
    expect(rows.length).toBeGreaterThan(250);
    expect(rows.filter(([, ts]) => codeSpans(ts).length === 0)).toEqual([]);
  });

  it('names only what @determined-ts/client exports: functions, classes with their methods and attributes, enum members', () => {
    const wrong = rows.flatMap(([, ts]) =>
      codeSpans(ts).flatMap((name) => {
        const why = problem(name);
        return why === null ? [] : [`${name}: ${why}`];
      }),
    );
    expect(wrong).toEqual([]);
  });

  it("covers every public class and enum of Python's client module", () => {
    const python = rows.map(([py]) => py).join('\n');
    const publicNames = [
      'Checkpoint',
      'CheckpointOrderBy',
      'CheckpointSortBy',
      'CheckpointState',
      'DownloadMode',
      'Determined',
      'Experiment',
      'ExperimentOrderBy',
      'ExperimentSortBy',
      'ExperimentState',
      'TrainingMetrics',
      'TrialMetrics',
      'ValidationMetrics',
      'Model',
      'ModelOrderBy',
      'ModelSortBy',
      'ModelVersion',
      'Oauth2ScimClient',
      'OrderBy',
      'Project',
      'ResourcePool',
      'Trial',
      'TrialOrderBy',
      'TrialSortBy',
      'TrialState',
      'User',
      'Workspace',
      'ExperimentReference',
      'TrialReference',
      'LogLevel',
    ];
    expect(publicNames.filter((name) => !new RegExp(`\`(client\\.)?${name}[(\`.]`).test(python))).toEqual([]);
  });

  it('rejects what is not exported, so a stale row fails', () => {
    expect(problem('Experiment.fly()')).toBe('Experiment has no method fly');
    expect(problem('Experiment.altitude')).toBe('Experiment has no altitude');
    expect(problem('ExperimentState.FLYING')).toBe('ExperimentState has no FLYING');
    expect(problem('createSpaceship()')).toBe('createSpaceship is not exported');
  });
});
