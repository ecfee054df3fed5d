import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { masterIdentity } from '../handlers/master-identity';
import { createExperiment } from './create-experiment';
import { crc32c } from './tensorboard-files';
import { testState, testUser } from './test-helpers';

describe('TensorBoard files of trials on a shared_fs storage the config names', () => {
  let env: ReturnType<typeof testState>;
  let shared: string;
  beforeEach(() => {
    env = testState();
    shared = fs.mkdtempSync(path.join(os.tmpdir(), 'mock-tb-'));
  });
  afterEach(async () => {
    await env.cleanup();
    fs.rmSync(shared, { recursive: true, force: true });
  });

  it('computes CRC-32C (the TFRecord checksum)', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('writes an event file per trial under <cluster id>/tensorboard/experiment/<id> and removes it with the experiment', () => {
    const config = stringify({
      name: 'tb',
      hyperparameters: {
        actions: {
          '1': { action: 'report', group: 'training', metrics: { x: 1 } },
          '2': { action: 'checkpoint' },
        },
      },
      searcher: { name: 'single', metric: 'x' },
      checkpoint_storage: { type: 'shared_fs', host_path: shared, storage_path: 'ckpts' },
    });
    const { experiment } = createExperiment(env.state, { config }, testUser);
    env.state.advance(60_000);
    expect(experiment.state).toBe('STATE_COMPLETED');
    const clusterId = masterIdentity({ seed: env.state.seed }).clusterId;
    const dir = path.join(shared, 'ckpts', clusterId, 'tensorboard', 'experiment', String(experiment.id));
    const trialId = env.state.trialsOf(experiment.id)[0]?.id ?? 0;
    const [file] = fs.readdirSync(path.join(dir, 'trial', String(trialId)));
    expect(file).toMatch(/^events\.out\.tfevents\.\d+\.mock-agent$/);
    const bytes = fs.readFileSync(path.join(dir, 'trial', String(trialId), file ?? ''));
    const records: string[] = [];
    for (let at = 0; at < bytes.length; ) {
      const length = Number(bytes.readBigUInt64LE(at));
      records.push(bytes.subarray(at + 12, at + 12 + length).toString('latin1'));
      at += 8 + 4 + length + 4;
    }
    expect(records).toHaveLength(2);
    expect(records[0]).toContain('brain.Event:2');
    expect(records[1]).toContain('training/x');
    env.state.requestDelete(experiment.id);
    env.state.advance(5000);
    expect(env.state.experiments.has(experiment.id)).toBe(false);
    expect(fs.existsSync(dir)).toBe(false);
  });
});
