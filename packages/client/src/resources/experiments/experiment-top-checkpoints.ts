/** The deprecated `Experiment.topCheckpoint` and `topNCheckpoints` (Python SDK section 3). */
import type { MethodOptions } from '../../core/method-options';
import type { Session } from '../../core/session';
import { NoCheckpointsError, topNCheckpoints } from '../../lib/checkpoint-sort';
import { warnDeprecatedCall } from '../../lib/deprecation';
import { CheckpointState } from '../../lib/enums';
import type { Checkpoint } from '../checkpoints/checkpoint';
import {
  drainCheckpoints,
  listCheckpoints,
  type TopCheckpointOptions,
  topCheckpointListing,
} from '../checkpoints/listing';

/** Options of the deprecated `Experiment.topNCheckpoints`. */
export interface TopNCheckpointsOptions extends MethodOptions {
  /** Validation metric; default the searcher's metric (whose direction then wins). */
  readonly sortBy?: string | undefined;
  /** With `sortBy`: ascending when true; unset means descending. */
  readonly smallerIsBetter?: boolean | undefined;
}

/** `Experiment.topCheckpoint`: the first checkpoint of the master's order for `options`. */
export async function topExperimentCheckpoint(
  session: Session,
  experimentId: number,
  options: TopCheckpointOptions,
): Promise<Checkpoint> {
  warnDeprecatedCall('Experiment.topCheckpoint()', 'Experiment.listCheckpoints()', session);
  const source = { session, scope: 'experiment', id: experimentId } as const;
  const [best] = await listCheckpoints(source, topCheckpointListing(options));
  if (best === undefined)
    throw new NoCheckpointsError(`No checkpoints found for experiment ${experimentId}`, experimentId);
  return best;
}

/** `Experiment.topNCheckpoints`: every COMPLETED checkpoint, sorted client-side. */
export async function topExperimentCheckpoints(
  session: Session,
  experimentId: number,
  { limit, options }: { limit: number; options: TopNCheckpointsOptions },
): Promise<Checkpoint[]> {
  warnDeprecatedCall('Experiment.topNCheckpoints()', 'Experiment.listCheckpoints()', session);
  const source = { session, scope: 'experiment', id: experimentId } as const;
  const query = { states: [CheckpointState.COMPLETED] };
  const checkpoints = await drainCheckpoints(source, { query, options });
  const { sortBy, smallerIsBetter } = options;
  return topNCheckpoints(checkpoints, { limit, sortBy, smallerIsBetter, experimentId });
}
