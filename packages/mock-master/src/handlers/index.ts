import type { Handler } from '../server/types';
import { checkpointHandlers } from './checkpoints';
import { clusterHandlers } from './cluster-handlers';
import { experimentActionHandlers } from './experiment-actions';
import { experimentHandlers } from './experiments';
import { modelVersionHandlers } from './model-versions';
import { modelHandlers } from './models';
import { projectHandlers } from './projects';
import { resourcePoolHandlers } from './resource-pools';
import { streamHandlers } from './streams';
import { trialHandlers } from './trials';
import { workloadHandlers } from './workload-handlers';
import { workspaceHandlers } from './workspaces';

/** Every domain handler, keyed by the spec's operationId. */
export const handlers: Readonly<Record<string, Handler>> = Object.freeze({
  ...clusterHandlers,
  ...workloadHandlers,
  ...experimentHandlers,
  ...experimentActionHandlers,
  ...trialHandlers,
  ...streamHandlers,
  ...checkpointHandlers,
  ...modelHandlers,
  ...modelVersionHandlers,
  ...workspaceHandlers,
  ...projectHandlers,
  ...resourcePoolHandlers,
});
