import type { OperationInfo } from '@determined-ts/bindings';
import type { ScenarioFile } from '../seed/scenario-types';

/** Checkpoint UUIDs of the walk's scenario. */
export const CK_READ = '11111111-1111-4111-8111-111111111111';
export const CK_DELETE = '22222222-2222-4222-8222-222222222222';
export const CK_FILES = '33333333-3333-4333-8333-333333333333';

const done = (
  id: number,
  trialId: number,
  name: string,
  checkpoints: Array<{ batches: number; uuid: string }> = [],
) => ({
  id,
  name,
  project: 'walk-project',
  labels: ['walk'],
  modelDefinition: { 'model_def.py': 'print("walk")\n', 'pkg/util.py': 'X = 1\n' },
  trials: [
    {
      id: trialId,
      hparams: { lr: 0.1 },
      training: [{ batches: 100, metrics: { loss: 0.5 } }],
      validation: [{ batches: 100, metrics: { validation_loss: 0.4 } }],
      checkpoints: checkpoints.map((c) => ({ ...c, files: { 'weights.bin': 'w' } })),
      logs: ['hello from the walk'],
    },
  ],
});

/**
 * The data every operation of the walk refers to: a workspace with two projects, finished
 * experiments (one per destructive operation), a paused simulated one, models and a template.
 */
export const WALK_SCENARIO: ScenarioFile = {
  users: [{ username: 'alice', password: '' }],
  workspaces: [{ name: 'walk' }],
  projects: [
    { name: 'walk-project', workspace: 'walk', key: 'WALK' },
    { name: 'destination', workspace: 'walk' },
    { name: 'doomed-project', workspace: 'walk' },
  ],
  experiments: [
    done(10, 100, 'reads', [
      { batches: 100, uuid: CK_READ },
      { batches: 50, uuid: CK_FILES },
    ]),
    done(11, 110, 'delete-me', [{ batches: 100, uuid: CK_DELETE }]),
    done(12, 120, 'delete-in-bulk'),
    done(13, 130, 'archive-me'),
    done(14, 140, 'runs'),
    done(15, 150, 'move-me'),
    { id: 16, name: 'paused', project: 'walk-project', simulate: true, activate: false },
    { id: 17, name: 'bulk-paused', project: 'walk-project', simulate: true, activate: false },
  ],
  models: [
    { name: 'walk-model', labels: ['m'], versions: [{ checkpoint: CK_READ, name: 'v1' }] },
    { name: 'doomed-model' },
  ],
  templates: { 'walk-template': { description: 'from the template' } },
  resourcePools: [{ name: 'gpu-pool', slotType: 'TYPE_CUDA' }],
};

/** Ids the walk collects as it goes (launched tasks, created groups, tokens, ...). */
export interface World {
  workspaceId: number;
  projectId: number;
  destinationProjectId: number;
  doomedProjectId: number;
  aliceId: number;
  commandId: string;
  commandJobId: string;
  notebookId: string;
  shellId: string;
  tensorboardId: string;
  genericTaskId: string;
  groupId: number;
  webhookId: number;
  tokenId: number;
  unmanagedExperimentId: number;
  unmanagedTrialId: number;
  newWorkspaceId: number;
  newProjectId: number;
  newExperimentId: number;
}

/** One request of the walk. */
export interface Step {
  op: string;
  path?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | ReadonlyArray<string | number>>;
  body?: unknown;
  /** Records what the answer created. */
  keep?: (answer: Record<string, unknown>, w: World) => void;
}

/** A step built from what earlier steps recorded. */
export type StepFor = (w: World) => Step;

/** The URL path and query of a step. */
export function target(op: OperationInfo, step: Step): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = step.path?.[name];
    if (value === undefined) throw new Error(`${op.operationId}: no value for path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(step.query ?? {}))
    for (const item of Array.isArray(v) ? v : [v]) query.append(k, String(item));
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}
