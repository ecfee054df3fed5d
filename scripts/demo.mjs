// Zero-setup demo: starts a mock master, then runs the Python SDK page's workflow through the
// TypeScript SDK against it. Run with `npm run demo` (builds the packages first).
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as client from '@determined-ts/client';
import { startMockMaster } from '@determined-ts/mock-master';

const config = `name: mnist-demo
hyperparameters:
  learning_rate: 0.01
searcher:
  name: single
  metric: validation_loss
  smaller_is_better: true
  max_length:
    batches: 1000
min_validation_period:
  batches: 200
min_checkpoint_period:
  batches: 200
`;

const mock = await startMockMaster({ port: 0, speed: 200 });
const workdir = await mkdtemp(path.join(tmpdir(), 'determined-ts-demo-'));
try {
  console.log(`mock master at ${mock.url}`);
  await writeFile(path.join(workdir, 'my_config.yaml'), config);
  await writeFile(path.join(workdir, 'model_def.py'), 'class MnistTrial:\n    pass\n');

  const det = new client.Determined({
    master: mock.url,
    user: 'determined',
    password: '',
    configDir: path.join(workdir, '.determined'),
    logger: { debug() {}, info() {}, warn() {}, error: console.error },
  });
  const exp = await det.createExperiment(path.join(workdir, 'my_config.yaml'), { modelDir: workdir });
  console.log(`started experiment ${exp.id}`);

  const state = await exp.wait({ intervalMs: 250 });
  console.log(`experiment completed with status ${state}`);

  const [best] = await exp.listCheckpoints({ maxResults: 1 });
  const loss = best.training?.validationMetrics.avgMetrics?.validation_loss;
  console.log(`best checkpoint was ${best.uuid} (validation_loss ${loss})`);
  const target = await best.download({ path: path.join(workdir, 'ckpt'), mode: client.DownloadMode.AUTO });
  console.log(`downloaded ${(await readdir(target)).join(', ')}`);

  const [trial] = await exp.listTrials();
  for await (const m of det.iterTrialsMetrics([trial.id], 'validation')) {
    console.log(`  batches ${m.stepsCompleted}: validation_loss ${m.metrics.validation_loss}`);
  }

  const model = await det.createModel('mnist', { description: 'demo model' });
  const version = await model.registerVersion(best.uuid);
  console.log(`registered ${model.name} version ${version.modelVersion}`);
  await det.close();
} finally {
  await mock.stop();
  await rm(workdir, { recursive: true, force: true });
}
