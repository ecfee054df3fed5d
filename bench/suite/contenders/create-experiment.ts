// createExperiment with a model directory (packed as the SDK does: tar.gz, base64, one request),
// against the bench master.
import { contenderArgs, runContender, secondsSince } from '../protocol';
import { benchClient } from '../sdk-session';

interface Args {
  readonly url: string;
  readonly modelDir: string;
}

const args = contenderArgs<Args>();

const config = {
  name: 'bench-create-experiment',
  entrypoint: 'python3 train.py',
  searcher: { name: 'single', metric: 'validation_loss', max_length: { batches: 100 } },
  resources: { slots_per_trial: 1 },
};

runContender(async () => {
  const det = benchClient(args.url);
  await det.login();
  const started = performance.now();
  const experiment = await det.createExperiment(config, { modelDir: args.modelDir });
  const seconds = secondsSince(started);
  await det.close();
  return { ok: experiment.id > 0, seconds, units: 1 };
});
