import { BadRequestError } from '../../core/errors';
import { resetDeprecationWarnings } from '../../lib/deprecation';
import { CheckpointState } from '../../lib/enums';
import { errorReply, modelVersionsFixture, useHarness } from '../../testing/domain-fixtures';
import { Checkpoint } from '../checkpoints/checkpoint';
import { ModelVersion } from './model-version';

const serve = useHarness();
const VERSION_4 = '/api/v1/models/test_model/versions/4';

function versionFour() {
  const raw = modelVersionsFixture()[3];
  if (raw === undefined) throw new Error('model_versions.json has fewer than 4 versions');
  return raw;
}

const report = {
  id: 3,
  trialId: 3486,
  trialRunId: 1,
  totalBatches: 10,
  endTime: '2023-04-10T22:25:24Z',
  metrics: { avg_metrics: { loss: 0.2 } },
  group: 'inference',
  archived: false,
};

describe('ModelVersion (recorded model_versions.json)', () => {
  it('hydrates the version, its model and its checkpoint', async () => {
    const { session } = await serve([]);
    const version = ModelVersion.fromApi(versionFour(), session);
    expect(version).toMatchObject({
      modelName: 'test_model',
      modelVersion: 4,
      modelId: 150,
      metadata: { sdf: 'dfs' },
      name: 'Super long strings are broken',
      comment: 'fsd',
      notes: 'adsf',
    });
    expect(version.checkpoint).toBeInstanceOf(Checkpoint);
    expect(version.checkpoint?.uuid).toBe('53390b9b-7800-42d2-b7eb-b61b594e1095');
    expect(version.checkpoint?.state).toBe(CheckpointState.COMPLETED);
  });

  it('defaults missing metadata, comment and notes like upstream', async () => {
    const { session } = await serve([]);
    const { metadata: _m, comment: _c, notes: _n, name: _name, ...bare } = versionFour();
    const version = ModelVersion.fromApi(bare, session);
    expect(version).toMatchObject({ metadata: {}, comment: '', notes: '', name: null });
  });

  it('scenario 38: a failing setName throws and keeps the name', async () => {
    const { server, session } = await serve([{ method: 'PATCH', path: VERSION_4, reply: errorReply(400) }]);
    const version = ModelVersion.fromApi(versionFour(), session);
    version.name = 'test_version_name';
    await expect(version.setName('new_version_name')).rejects.toThrow(BadRequestError);
    expect(version.name).toBe('test_version_name');
    expect(server.requests[0]?.body).toEqual({ name: 'new_version_name' });
  });

  it('scenario 39: a failing setNotes throws and keeps the notes', async () => {
    const { server, session } = await serve([{ method: 'PATCH', path: VERSION_4, reply: errorReply(400) }]);
    const version = ModelVersion.fromApi(versionFour(), session);
    version.notes = 'test notes';
    await expect(version.setNotes('new notes')).rejects.toThrow(BadRequestError);
    expect(version.notes).toBe('test notes');
    expect(server.requests[0]?.body).toEqual({ notes: 'new notes' });
  });

  it('setName and setNotes update the local values after success', async () => {
    const { session } = await serve([
      { method: 'PATCH', path: VERSION_4, reply: { json: { modelVersion: versionFour() } } },
    ]);
    const version = new ModelVersion(session, 4, 'test_model');
    await version.setName('renamed');
    await version.setNotes('noted');
    expect(version).toMatchObject({ name: 'renamed', notes: 'noted' });
  });

  it('reload and delete address /api/v1/models/{name}/versions/{version}', async () => {
    const { server, session } = await serve([
      { method: 'GET', path: VERSION_4, reply: { json: { modelVersion: versionFour() } } },
      { method: 'DELETE', path: VERSION_4, reply: { json: {} } },
    ]);
    const version = new ModelVersion(session, 4, 'test_model');
    await version.reload();
    expect(version.modelId).toBe(150);
    await version.delete();
    expect(server.requests.map((r) => [r.method, r.path])).toEqual([
      ['GET', VERSION_4],
      ['DELETE', VERSION_4],
    ]);
  });

  it('iterMetrics is lazy, asks for inference metrics and sends metricGroup only when given', async () => {
    resetDeprecationWarnings();
    const { server, session, logged } = await serve([
      { method: 'GET', path: `${VERSION_4}/metrics`, reply: { json: { metrics: [report] } } },
    ]);
    const version = new ModelVersion(session, 4, 'test_model');
    const lazy = version.iterMetrics({ group: 'inference' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.requests).toHaveLength(0);
    const first = await lazy.next();
    expect(first.value).toMatchObject({
      trialId: 3486,
      stepsCompleted: 10,
      group: 'inference',
      metrics: { loss: 0.2 },
    });
    const all = [];
    for await (const m of version.getMetrics()) all.push(m);
    expect(all).toHaveLength(1);
    expect(server.requests.map((r) => r.query)).toEqual([
      { trialSourceInfoType: ['TRIAL_SOURCE_INFO_TYPE_INFERENCE'], metricGroup: ['inference'] },
      { trialSourceInfoType: ['TRIAL_SOURCE_INFO_TYPE_INFERENCE'] },
    ]);
    expect(logged.warn.filter((m) => m.includes('ModelVersion.getMetrics()'))).toHaveLength(1);
  });
});
