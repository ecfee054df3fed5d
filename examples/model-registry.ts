// Registers an experiment's best checkpoint as a new version of a model in the model registry
// (creating the model on first use), then lists the model's versions.
//   npx tsx examples/model-registry.ts <experimentId> [modelName]
import { Determined, type EnvVars, NotFoundError } from '@determined-ts/client';
import { idArgument, runIfMain } from './run-main';

/** Options of {@link main}. */
export interface ModelRegistryOptions {
  /** The experiment whose best checkpoint is registered. */
  experimentId: number;
  /** Model to register it in (default `mnist`). */
  modelName?: string;
  /** Environment with `DET_MASTER`, `DET_USER`, `DET_PASS` (default `process.env`). */
  env?: EnvVars;
}

/** Registers the experiment's best checkpoint and prints every version of the model. */
export async function main({
  experimentId,
  modelName = 'mnist',
  env,
}: ModelRegistryOptions): Promise<number> {
  const det = new Determined(env === undefined ? {} : { env });
  try {
    const exp = await det.getExperiment(experimentId);
    // Sorted by the searcher metric, best first.
    const [best] = await exp.listCheckpoints({ maxResults: 1 });
    if (best === undefined) throw new Error(`experiment ${experimentId} has no completed checkpoint`);

    const model = await det.getModel(modelName).catch(async (error: unknown) => {
      if (!(error instanceof NotFoundError)) throw error;
      return det.createModel(modelName, { description: 'registered by examples/model-registry.ts' });
    });
    const version = await model.registerVersion(best.uuid);
    await version.setNotes(`best checkpoint of experiment ${experimentId}`);
    await model.addMetadata({ [`experiment-${experimentId}`]: best.uuid });
    console.log(`registered ${best.uuid} as ${model.name} version ${version.modelVersion}`);

    for (const v of await model.listVersions()) {
      console.log(`${model.name} v${v.modelVersion}: checkpoint ${v.checkpoint?.uuid} ${v.notes}`);
    }
    return 0;
  } finally {
    await det.close();
  }
}

runIfMain('model-registry.ts', async () => {
  const [experimentId, modelName] = process.argv.slice(2);
  return main({
    experimentId: idArgument(experimentId, 'experimentId'),
    ...(modelName ? { modelName } : {}),
  });
});
