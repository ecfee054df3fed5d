// Test support for the examples: a mock master with one finished experiment, and the environment
// an example reads its master and credentials from.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Determined, type EnvVars } from '@determined-ts/client';
import { assertNoResponseViolations, type MockMaster, startMockMaster } from '@determined-ts/mock-master';

/** A running mock master and what the examples need to talk to it. */
export interface ExampleMaster {
  readonly mock: MockMaster;
  /** `DET_MASTER`, `DET_USER`, `DET_PASS`, a private config directory for the token cache. */
  readonly env: EnvVars;
  /** Stops the mock, removes the config directory, and fails on responses that broke the spec. */
  stop(): Promise<void>;
}

/** The config of the experiments the tests run: one trial, validated every 200 of 600 batches. */
export const EXPERIMENT_CONFIG = {
  name: 'examples',
  entrypoint: 'model_def:Trial',
  hyperparameters: { learning_rate: 0.01 },
  searcher: {
    name: 'single',
    metric: 'validation_loss',
    smaller_is_better: true,
    max_length: { batches: 600 },
  },
  min_validation_period: { batches: 200 },
  min_checkpoint_period: { batches: 200 },
};

/** Starts a fast mock master (spec-checked, unknown query parameters rejected). */
export async function startExampleMaster(): Promise<ExampleMaster> {
  const configDir = await mkdtemp(path.join(tmpdir(), 'determined-ts-examples-'));
  const mock = await startMockMaster({ speed: 2000, strictQuery: true, validateResponses: 'record' });
  return {
    mock,
    env: {
      DET_MASTER: mock.url,
      DET_USER: 'determined',
      DET_PASS: '',
      DET_DEBUG_CONFIG_PATH: configDir,
      // The default users' empty password would log a complexity warning on every login.
      DET_TS_LOG: 'error',
    },
    async stop() {
      await mock.stop();
      await rm(configDir, { recursive: true, force: true });
      assertNoResponseViolations(mock);
    },
  };
}

/**
 * Creates an experiment of {@link EXPERIMENT_CONFIG} (with the model code in `modelDir`, if given)
 * and waits until it has finished.
 */
export async function finishedExperiment(
  env: EnvVars,
  modelDir?: string,
): Promise<{ experimentId: number; trialId: number }> {
  const det = new Determined({ env });
  try {
    const exp = await det.createExperiment(EXPERIMENT_CONFIG, modelDir === undefined ? {} : { modelDir });
    await exp.wait({ intervalMs: 20 });
    const [trial] = await exp.listTrials();
    if (trial === undefined) throw new Error(`experiment ${exp.id} has no trial`);
    return { experimentId: exp.id, trialId: trial.id };
  } finally {
    await det.close();
  }
}

/** Calls `fn` with console.log captured; resolves with its result and the printed lines. */
export async function captureLog<T>(fn: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  try {
    return { result: await fn(), lines };
  } finally {
    spy.mockRestore();
  }
}
