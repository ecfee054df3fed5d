import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BadRequestError, InvalidArgumentError } from '../../core/errors';
import { CheckpointState } from '../../lib/enums';
import { checkpointFixture, errorReply, useHarness } from '../../testing/domain-fixtures';
import { Checkpoint, CheckpointTrainingMetadata } from './checkpoint';

const serve = useHarness();
const UUID = '3d9f42cd-6052-44c9-8da5-3ebdace3c7a4';
const METADATA = `/api/v1/checkpoints/${UUID}/metadata`;

function metadataBody(metadata: Record<string, unknown>) {
  return {
    checkpoint: { metadata, resources: {}, state: 'STATE_UNSPECIFIED', training: {}, uuid: UUID },
  };
}

describe('Checkpoint (recorded checkpoint.json)', () => {
  it('hydrates attributes and training metadata with camelCase validation metrics', async () => {
    const { session } = await serve([]);
    const raw = checkpointFixture();
    const checkpoint = Checkpoint.fromApi(raw, session);
    expect(checkpoint).toMatchObject({
      uuid: UUID,
      taskId: raw.taskId,
      allocationId: raw.allocationId,
      reportTime: '2023-05-22T17:56:13.738174Z',
      resources: raw.resources,
      metadata: raw.metadata,
      state: CheckpointState.COMPLETED,
    });
    expect(checkpoint.training).toBeInstanceOf(CheckpointTrainingMetadata);
    expect(checkpoint.training).toMatchObject({
      experimentId: 2819,
      trialId: 11532,
      hparams: raw.training.hparams,
    });
    expect(checkpoint.training?.validationMetrics).toEqual({
      avgMetrics: { validation_accuracy: 0.7426568314726207, validation_error: 0.25734316852737904 },
      batchMetrics: [],
    });
  });

  it('has no training metadata when the checkpoint was not reported by a trial', async () => {
    const { session } = await serve([]);
    const raw = checkpointFixture();
    expect(Checkpoint.fromApi({ ...raw, training: { trialId: 0 } }, session).training).toBeNull();
    expect(Checkpoint.fromApi({ ...raw, training: {} }, session).training).toBeNull();
  });

  it('scenario 35: a failing addMetadata throws and leaves the local metadata without the key', async () => {
    const { server, session } = await serve([{ method: 'POST', path: METADATA, reply: errorReply(400) }]);
    const checkpoint = Checkpoint.fromApi(checkpointFixture(), session);
    checkpoint.metadata = {};
    await expect(checkpoint.addMetadata({ test: 'test' })).rejects.toThrow(BadRequestError);
    expect(checkpoint.metadata).toEqual({});
    expect(server.requests[0]?.body).toEqual(metadataBody({ test: 'test' }));
  });

  it('scenario 36: a failing removeMetadata throws and keeps the key locally', async () => {
    const { server, session } = await serve([{ method: 'POST', path: METADATA, reply: errorReply(400) }]);
    const checkpoint = Checkpoint.fromApi(checkpointFixture(), session);
    checkpoint.metadata = { test: 'test' };
    await expect(checkpoint.removeMetadata(['test'])).rejects.toThrow(BadRequestError);
    expect(checkpoint.metadata).toEqual({ test: 'test' });
    expect(server.requests[0]?.body).toEqual(metadataBody({}));
  });

  it('addMetadata posts the shallow merge in the 5.2 body shape and then updates the local copy', async () => {
    const { server, session } = await serve([{ method: 'POST', path: METADATA, reply: { json: {} } }]);
    const checkpoint = Checkpoint.fromApi(checkpointFixture(), session);
    await checkpoint.addMetadata({ format: 'safetensors', extra: { nested: [1, 2] } });
    const merged = { ...checkpointFixture().metadata, format: 'safetensors', extra: { nested: [1, 2] } };
    expect(server.requests.map((r) => r.body)).toEqual([metadataBody(merged)]);
    expect(checkpoint.metadata).toEqual(merged);
  });

  it('removeMetadata posts the metadata minus the keys (missing keys ignored)', async () => {
    const { server, session } = await serve([{ method: 'POST', path: METADATA, reply: { json: {} } }]);
    const checkpoint = Checkpoint.fromApi(checkpointFixture(), session);
    await checkpoint.removeMetadata(['format', 'framework', 'absent']);
    const expected = { determined_version: '0.22.2-dev0', steps_completed: 10528 };
    expect(server.requests[0]?.body).toEqual(metadataBody(expected));
    expect(checkpoint.metadata).toEqual(expected);
  });

  it('delete sends DELETE /api/v1/checkpoints with the UUID and logs that deletion is in progress', async () => {
    const { server, session, logged } = await serve([
      { method: 'DELETE', path: '/api/v1/checkpoints', reply: { json: {} } },
    ]);
    await new Checkpoint(session, UUID).delete();
    expect(server.requests.map((r) => r.body)).toEqual([{ checkpointUuids: [UUID] }]);
    expect(logged.info.some((m) => m.includes(UUID))).toBe(true);
  });

  it('removeFiles posts the globs and the UUID to /api/v1/checkpoints/rm', async () => {
    const { server, session } = await serve([
      { method: 'POST', path: '/api/v1/checkpoints/rm', reply: { json: {} } },
    ]);
    await new Checkpoint(session, UUID).removeFiles(['code/**', '*.pkl']);
    await new Checkpoint(session, UUID).removeFiles([]);
    expect(server.requests.map((r) => r.body)).toEqual([
      { checkpointGlobs: ['code/**', '*.pkl'], checkpointUuids: [UUID] },
      { checkpointGlobs: [], checkpointUuids: [UUID] },
    ]);
  });

  it('getMetrics is lazy and reads reports as the requested group', async () => {
    const report = {
      id: 1,
      trialId: 4,
      trialRunId: 1,
      totalBatches: 32,
      endTime: '2023-05-22T18:00:00.5Z',
      metrics: { validation_metrics: { acc: 0.9 } },
      group: 'validation',
      archived: false,
    };
    const { server, session } = await serve([
      { method: 'GET', path: `/api/v1/checkpoints/${UUID}/metrics`, reply: { json: { metrics: [report] } } },
    ]);
    const metrics = new Checkpoint(session, UUID).getMetrics({ group: 'validation' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.requests).toHaveLength(0);
    const all = [];
    for await (const m of metrics) all.push(m);
    expect(all.map((m) => [m.trialId, m.stepsCompleted, m.group, m.metrics])).toEqual([
      [4, 32, 'validation', { acc: 0.9 }],
    ]);
    expect(server.requests[0]?.query).toEqual({
      trialSourceInfoType: ['TRIAL_SOURCE_INFO_TYPE_INFERENCE'],
      metricGroup: ['validation'],
    });
  });

  it('reload hydrates from GET /api/v1/checkpoints/{uuid}', async () => {
    const { session } = await serve([
      {
        method: 'GET',
        path: `/api/v1/checkpoints/${UUID}`,
        reply: { json: { checkpoint: checkpointFixture() } },
      },
    ]);
    const checkpoint = new Checkpoint(session, UUID);
    await checkpoint.reload();
    expect(checkpoint.state).toBe(CheckpointState.COMPLETED);
    expect(checkpoint.training?.trialId).toBe(11532);
  });

  it('getPachydermCommit reloads when training is unknown and reads integrations.pachyderm.dataset.commit', async () => {
    const raw = checkpointFixture();
    const experimentConfig = {
      ...raw.training.experimentConfig,
      integrations: { pachyderm: { dataset: { commit: 'abc' } } },
    };
    const { server, session } = await serve([
      {
        method: 'GET',
        path: `/api/v1/checkpoints/${UUID}`,
        reply: { json: { checkpoint: { ...raw, training: { ...raw.training, experimentConfig } } } },
      },
    ]);
    await expect(new Checkpoint(session, UUID).getPachydermCommit()).resolves.toBe('abc');
    await expect(Checkpoint.fromApi(raw, session).getPachydermCommit()).rejects.toThrow(InvalidArgumentError);
    expect(server.requests).toHaveLength(1);
  });

  it('writeMetadataFile writes Python json.dump(indent=2) text', async () => {
    const { session } = await serve([]);
    const dir = await mkdtemp(path.join(tmpdir(), 'f2-meta-'));
    try {
      const checkpoint = new Checkpoint(session, UUID);
      checkpoint.metadata = { name: 'café', steps: 3, ratio: 1.5 };
      await checkpoint.writeMetadataFile(path.join(dir, 'metadata.json'));
      expect(await readFile(path.join(dir, 'metadata.json'), 'utf8')).toBe(
        '{\n  "name": "caf\\u00e9",\n  "steps": 3,\n  "ratio": 1.5\n}',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
