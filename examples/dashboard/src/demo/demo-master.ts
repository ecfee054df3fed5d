/**
 * The embedded master of `npm run dashboard`: a mock master preloaded with a finished baseline
 * experiment and a running random search, so the dashboard has something to watch.
 */
import { type MockMaster, type ScenarioFile, startMockMaster } from '@determined-ts/mock-master';

/** Options of {@link startDemoMaster}. */
export interface DemoMasterOptions {
  /** Virtual seconds per real second (default 1: each live trial runs for about three minutes). */
  readonly speed?: number | undefined;
  /** Length of each live trial in batches (default 20,000; one batch takes 10 virtual ms). */
  readonly batchesPerTrial?: number | undefined;
  /** Seed of every generated value (default 7). */
  readonly seed?: number | undefined;
}

/** The demo's viewer account: the dashboard logs in as this user. */
export const DEMO_USER = { username: 'alice', password: 'Dashboard-Demo-1' } as const;

/** Name of the experiment that is still running when the demo starts. */
export const LIVE_EXPERIMENT_NAME = 'mnist-random-search';

/** Name of the short experiment that has finished by the time anyone looks. */
export const BASELINE_EXPERIMENT_NAME = 'mnist-baseline';

/** The scenario of the demo master: users, a finished baseline and a running search. */
export function demoScenario(options: { batchesPerTrial: number }): ScenarioFile {
  const batches = options.batchesPerTrial;
  return {
    users: [{ ...DEMO_USER, displayName: 'Alice' }],
    experiments: [
      {
        name: BASELINE_EXPERIMENT_NAME,
        owner: 'determined',
        simulate: true,
        config: {
          name: BASELINE_EXPERIMENT_NAME,
          hyperparameters: { learning_rate: 0.01 },
          searcher: { name: 'single', metric: 'validation_loss', max_length: { batches: 100 } },
          min_validation_period: { batches: 50 },
          min_checkpoint_period: { batches: 50 },
          scheduling_unit: 10,
        },
      },
      {
        name: LIVE_EXPERIMENT_NAME,
        owner: 'alice',
        simulate: true,
        labels: ['demo'],
        config: {
          name: LIVE_EXPERIMENT_NAME,
          hyperparameters: {
            learning_rate: { type: 'log', minval: -4, maxval: -1, base: 10 },
            dropout: { type: 'double', minval: 0.1, maxval: 0.5 },
          },
          searcher: {
            name: 'random',
            metric: 'validation_loss',
            smaller_is_better: true,
            max_trials: 3,
            max_concurrent_trials: 3,
            max_length: { batches },
          },
          scheduling_unit: Math.max(1, Math.round(batches / 200)),
          min_validation_period: { batches: Math.max(1, Math.round(batches / 40)) },
          min_checkpoint_period: { batches: Math.max(1, Math.round(batches / 10)) },
        },
      },
    ],
  };
}

/** Starts the demo's mock master on 127.0.0.1 (ephemeral port); `stop()` it when done. */
export async function startDemoMaster(options: DemoMasterOptions = {}): Promise<MockMaster> {
  return startMockMaster({
    port: 0,
    seed: options.seed ?? 7,
    speed: options.speed ?? 1,
    scenario: demoScenario({ batchesPerTrial: options.batchesPerTrial ?? 20_000 }),
  });
}
