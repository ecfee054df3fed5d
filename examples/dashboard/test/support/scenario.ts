/** A small fixed master for the server tests: a finished experiment with exact data, and a live one. */
import type { ScenarioFile } from '@determined-ts/mock-master';
import { simulatedExperiment } from './test-master';

/** The best checkpoint of the finished experiment. */
export const BEST_UUID = '7c0c3e47-0d2d-4a8e-9f5c-1b2a3c4d5e6f';
/** Another checkpoint of it, deleted (cannot be downloaded). */
export const DELETED_UUID = '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';

/**
 * Experiment 1 (`finished`, owner alice, COMPLETED), 2 (`live`, simulated) and 3 (`paused`,
 * created paused: no trial, no validation).
 */
export const serverScenario: ScenarioFile = {
  users: [{ username: 'alice' }],
  experiments: [
    {
      name: 'finished',
      owner: 'alice',
      state: 'STATE_COMPLETED',
      config: { searcher: { name: 'single', metric: 'validation_loss', max_length: { batches: 200 } } },
      trials: [
        {
          hparams: { lr: 0.1 },
          training: [
            { batches: 100, metrics: { loss: 0.9 } },
            { batches: 200, metrics: { loss: 0.5 } },
          ],
          validation: [
            { batches: 100, metrics: { validation_loss: 0.8 } },
            { batches: 200, metrics: { validation_loss: 0.6 } },
          ],
          checkpoints: [
            { batches: 100, uuid: DELETED_UUID, state: 'STATE_DELETED' },
            {
              batches: 200,
              uuid: BEST_UUID,
              files: { 'weights.bin': 'w'.repeat(1500), 'code/': '', 'code/model.py': 'print(1)\n' },
            },
          ],
        },
      ],
    },
    simulatedExperiment('live', 1000),
    { ...simulatedExperiment('paused', 1000), activate: false },
  ],
};
