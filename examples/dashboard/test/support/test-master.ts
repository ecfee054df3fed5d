/**
 * A mock master and an SDK client logged in to it with a token the test knows, so tests can check
 * that the token never reaches the page.
 */
import { Determined } from '@determined-ts/client';
import { type MockMaster, type ScenarioFile, startMockMaster } from '@determined-ts/mock-master';

/** A running mock master with a client. */
export interface TestMaster {
  readonly mock: MockMaster;
  readonly det: Determined;
  /** The bearer token `det` sends. */
  readonly token: string;
  /** Moves the simulation forward by `batches` batches of virtual time (10 ms each). */
  advanceBatches(batches: number): void;
  close(): Promise<void>;
}

/** Virtual time from activation to the first trial batch (queued, pulling, starting: 1 s each). */
export const RUN_START_MS = 3000;
const MS_PER_BATCH = 10;

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Starts a mock master (speed 0 unless given: time moves only by `advanceBatches`). */
export async function startTestMaster(
  options: { scenario?: ScenarioFile; speed?: number } = {},
): Promise<TestMaster> {
  const mock = await startMockMaster({
    port: 0,
    seed: 3,
    speed: options.speed ?? 0,
    ...(options.scenario === undefined ? {} : { scenario: options.scenario }),
  });
  const user = mock.users.getByName('determined');
  if (user === null) throw new Error('the mock master has no user determined');
  const token = mock.users.issueToken(user.id);
  const det = new Determined({
    master: mock.url,
    user: 'determined',
    token,
    cacheToken: false,
    logger: quiet,
  });
  return {
    mock,
    det,
    token,
    advanceBatches: (batches) => mock.state.clock.advance(batches * MS_PER_BATCH),
    close: async () => {
      await det.close();
      await mock.stop();
    },
  };
}

/** A single-trial experiment the simulation runs: validation every 100 batches, checkpoints every 200. */
export function simulatedExperiment(
  name: string,
  batches = 1000,
): NonNullable<ScenarioFile['experiments']>[number] {
  return {
    name,
    simulate: true,
    config: {
      name,
      searcher: { name: 'single', metric: 'validation_loss', max_length: { batches } },
      scheduling_unit: 50,
      min_validation_period: { batches: 100 },
      min_checkpoint_period: { batches: 200 },
    },
  };
}
