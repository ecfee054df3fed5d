import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

/** Batches the demo's own single trial trains. */
export const DEMO_BATCHES = 1000;

/** The demo's own `my_config.yaml`: one trial, validation and checkpoint every 200 batches. */
export const DEMO_CONFIG = `name: mnist-demo
entrypoint: model_def:MnistTrial
hyperparameters:
  learning_rate: 0.01
searcher:
  name: single
  metric: validation_loss
  smaller_is_better: true
  max_length:
    batches: ${DEMO_BATCHES}
min_validation_period:
  batches: 200
min_checkpoint_period:
  batches: 200
`;

/** What `createExperiment` is given, and how many batches each trial will train. */
export interface ExperimentSource {
  readonly config: string;
  readonly modelDir: string;
  readonly batchesPerTrial: number;
}

/** `searcher.max_length` in batches (a number or `{ batches }`), or null when not in batches. */
export function batchesOf(configText: string): number | null {
  const config: unknown = parse(configText);
  const searcher = (config as { searcher?: { max_length?: unknown } } | null)?.searcher;
  const length = searcher?.max_length;
  if (typeof length === 'number') return length;
  const batches = (length as { batches?: unknown } | undefined)?.batches;
  return typeof batches === 'number' ? batches : null;
}

/** Writes the demo's config and a model directory under `workdir`, for the embedded mock master. */
export async function demoSource(workdir: string): Promise<ExperimentSource> {
  const modelDir = path.join(workdir, 'model');
  await mkdir(modelDir, { recursive: true });
  const config = path.join(workdir, 'my_config.yaml');
  await writeFile(config, DEMO_CONFIG);
  await writeFile(path.join(modelDir, 'model_def.py'), 'class MnistTrial:\n    """The trial class."""\n');
  return { config, modelDir, batchesPerTrial: DEMO_BATCHES };
}

/**
 * The seed's own inputs for a real master: `my_config.yaml` and the model code in the current
 * directory (or `DEMO_CONFIG` and `DEMO_MODEL_DIR`). A missing config is a clear error.
 */
export async function userSource(env: NodeJS.ProcessEnv): Promise<ExperimentSource> {
  const config = path.resolve(env.DEMO_CONFIG || 'my_config.yaml');
  const modelDir = path.resolve(env.DEMO_MODEL_DIR || '.');
  try {
    await access(config);
  } catch {
    throw new Error(
      `${config} not found: with DET_MASTER the demo runs your experiment, from a directory holding my_config.yaml and the model code (or set DEMO_CONFIG and DEMO_MODEL_DIR)`,
    );
  }
  const batches = batchesOf(await readFile(config, 'utf8'));
  if (batches === null) throw new Error(`${config}: searcher.max_length must be given in batches`);
  return { config, modelDir, batchesPerTrial: batches };
}
