// The seed page's workflow (docs: python-sdk.rst) exactly as the README shows it; it must compile
// under the strict tsconfig.
import * as client from '@determined-ts/client';

export async function seedSnippet(
  master: string,
  user: string,
  password: string,
  id: number,
  uuid: string,
  name: string,
  nameOrId: string | number,
  description: string,
  metadata: Record<string, unknown>,
): Promise<void> {
  await client.login({ master, user, password });
  const exp = await client.createExperiment('my_config.yaml', { modelDir: '.' });
  const state = await exp.wait();
  const best = await exp.topCheckpoint();
  await best.download({ path: './ckpt', mode: client.DownloadMode.AUTO });
  client.getExperiment(id);
  client.getTrial(id);
  client.getCheckpoint(uuid);
  client.createModel(name, { description, metadata });
  client.getModel(nameOrId);
  client.getModels({ sortBy: client.ModelSortBy.NAME, orderBy: client.ModelOrderBy.ASC });
  for await (const m of client.streamTrialsMetrics([1, 2], 'validation')) {
    console.log(m.trialId, m.metrics, state);
  }
  client.streamTrialsTrainingMetrics([1]);
  client.streamTrialsValidationMetrics([1]);
  const det = new client.Determined({ master, user, password });
  const experiments: client.Experiment[] = await det.listExperiments({
    states: [client.ExperimentState.ACTIVE],
  });
  console.log(experiments.length);
}
