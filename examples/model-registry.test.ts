import { Determined } from '@determined-ts/client';
import { captureLog, type ExampleMaster, finishedExperiment, startExampleMaster } from './example-master';
import { main } from './model-registry';

describe('examples/model-registry.ts', () => {
  let master: ExampleMaster;
  let experimentId: number;

  beforeAll(async () => {
    master = await startExampleMaster();
    ({ experimentId } = await finishedExperiment(master.env));
  });
  afterAll(() => master.stop());

  it('creates the model on first use and registers the best checkpoint as version 1', async () => {
    const { result, lines } = await captureLog(() =>
      main({ experimentId, modelName: 'mnist', env: master.env }),
    );

    expect(result).toBe(0);
    const det = new Determined({ env: master.env });
    const [best] = await (await det.getExperiment(experimentId)).listCheckpoints({ maxResults: 1 });
    const model = await det.getModel('mnist');
    expect(model.metadata).toEqual({ [`experiment-${experimentId}`]: best?.uuid });
    const [version] = await model.listVersions();
    expect(version?.checkpoint?.uuid).toBe(best?.uuid);
    expect(version?.notes).toBe(`best checkpoint of experiment ${experimentId}`);
    expect(lines).toEqual([
      `registered ${best?.uuid} as mnist version 1`,
      `mnist v1: checkpoint ${best?.uuid} best checkpoint of experiment ${experimentId}`,
    ]);
    await det.close();
  });

  it('adds a version to an existing model', async () => {
    const { result, lines } = await captureLog(() =>
      main({ experimentId, modelName: 'mnist', env: master.env }),
    );

    expect(result).toBe(0);
    expect(lines[0]).toMatch(/ as mnist version 2$/);
    expect(lines.slice(1).map((l) => l.split(':')[0])).toEqual(['mnist v2', 'mnist v1']);
  });

  it('rejects an experiment that does not exist with the SDK error', async () => {
    await expect(main({ experimentId: 999, env: master.env })).rejects.toThrow(/not found/i);
  });
});
