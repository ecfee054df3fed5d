import { Determined } from '@determined-ts/client';
import { main } from './ci-gate';
import { captureLog, type ExampleMaster, finishedExperiment, startExampleMaster } from './example-master';

describe('examples/ci-gate.ts', () => {
  let master: ExampleMaster;
  let experimentId: number;
  let best: number;

  beforeAll(async () => {
    master = await startExampleMaster();
    ({ experimentId } = await finishedExperiment(master.env));
  });
  afterAll(() => master.stop());

  it('passes when the best validation loss is no worse than the threshold', async () => {
    const { result, lines } = await captureLog(() =>
      main({ experimentId, threshold: 10, intervalMs: 20, env: master.env }),
    );

    expect(result).toBe(0);
    expect(lines).toEqual([
      expect.stringMatching(/^PASS: best validation validation_loss [0-9.]+ vs threshold 10$/),
    ]);
    best = Number(lines[0]?.split(' ')[4]);
  });

  it('fails with exit code 1 when the best validation loss is worse than the threshold', async () => {
    const { result, lines } = await captureLog(() =>
      main({ experimentId, threshold: best / 2, intervalMs: 20, env: master.env }),
    );

    expect(result).toBe(1);
    expect(lines).toEqual([
      `FAIL: best validation validation_loss ${best} vs threshold ${best / 2} (higher is worse)`,
    ]);
  });

  it('passes at exactly the threshold and judges a larger-is-better metric the other way', async () => {
    expect(
      (await captureLog(() => main({ experimentId, threshold: best, intervalMs: 20, env: master.env })))
        .result,
    ).toBe(0);
    const accuracy = await captureLog(() =>
      main({
        experimentId,
        threshold: 0.99,
        metric: 'validation_accuracy',
        smallerIsBetter: false,
        intervalMs: 20,
        env: master.env,
      }),
    );
    expect(accuracy.result).toBe(1);
    expect(accuracy.lines[0]).toMatch(
      /^FAIL: best validation validation_accuracy 0\.\d+ vs threshold 0\.99 \(lower is worse\)$/,
    );
  });

  it('fails when the experiment reported no such metric', async () => {
    const { result, lines } = await captureLog(() =>
      main({ experimentId, threshold: 1, metric: 'f1', intervalMs: 20, env: master.env }),
    );

    expect(result).toBe(1);
    expect(lines).toEqual([`FAIL: experiment ${experimentId} reported no validation f1`]);
  });

  it('waits for a running experiment and fails when it did not complete', async () => {
    const det = new Determined({ env: master.env });
    const exp = await det.createExperiment({
      name: 'doomed',
      searcher: { name: 'single', metric: 'validation_loss', max_length: { batches: 100000 } },
    });
    await exp.kill();
    await det.close();

    const { result, lines } = await captureLog(() =>
      main({ experimentId: exp.id, threshold: 10, intervalMs: 20, env: master.env }),
    );

    expect(result).toBe(1);
    expect(lines).toEqual([`FAIL: experiment ${exp.id} ended STATE_CANCELED`]);
  });
});
