import { Determined } from '@determined-ts/client';
import { type ExampleMaster, finishedExperiment, startExampleMaster } from './example-master';
import { csvField, main } from './stream-metrics';

async function exportCsv(options: Omit<Parameters<typeof main>[0], 'out'>): Promise<string[]> {
  let text = '';
  const result = await main({ ...options, out: { write: (chunk: string) => (text += chunk) } });
  expect(result).toBe(0);
  return text.split('\n').filter((line) => line !== '');
}

describe('examples/stream-metrics.ts', () => {
  let master: ExampleMaster;
  let trialId: number;

  beforeAll(async () => {
    master = await startExampleMaster();
    ({ trialId } = await finishedExperiment(master.env));
  });
  afterAll(() => master.stop());

  it('writes a header and one row per training report, with the values the SDK streams', async () => {
    const lines = await exportCsv({ trialId, env: master.env });

    expect(lines[0]).toBe('trial_id,steps_completed,end_time,accuracy,loss');
    const det = new Determined({ env: master.env });
    const expected: string[] = [];
    for await (const m of det.iterTrialsMetrics([trialId], 'training')) {
      expected.push(
        `${trialId},${m.stepsCompleted},${m.endTime.toISOString()},${m.metrics.accuracy},${m.metrics.loss}`,
      );
    }
    await det.close();
    expect(expected.length).toBeGreaterThan(1);
    expect(lines.slice(1)).toEqual(expected);
  });

  it('exports the validation group with its own columns', async () => {
    const lines = await exportCsv({ trialId, group: 'validation', env: master.env });

    expect(lines[0]).toBe('trial_id,steps_completed,end_time,validation_accuracy,validation_loss');
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['200', '400', '600']);
  });

  it('quotes text fields that need it and writes objects as quoted JSON', () => {
    expect(csvField(0.5)).toBe('0.5');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvField(null)).toBe('');
  });
});
