/**
 * The deprecated `Trial.selectCheckpoint` (Python SDK section 4): argument rules and the
 * listing each choice makes.
 */
import { InvalidArgumentError } from '../../core/errors';
import { callOptions, type MethodOptions } from '../../core/method-options';
import { type CheckpointSortBy, OrderBy, CheckpointSortBy as SortBy } from '../../lib/enums';
import { Checkpoint } from '../checkpoints/checkpoint';
import { type CheckpointSource, type ListCheckpointsOptions, listCheckpoints } from '../checkpoints/listing';

/** Options of the deprecated `Trial.selectCheckpoint`: exactly one of `latest`, `best`, `uuid`. */
export interface SelectCheckpointOptions extends MethodOptions {
  /** The checkpoint with the most batches. */
  readonly latest?: boolean | undefined;
  /** The best checkpoint by `sortBy` (default: the searcher metric, in the master's order). */
  readonly best?: boolean | undefined;
  /** That checkpoint (not checked to belong to the trial). */
  readonly uuid?: string | undefined;
  /** Only with `best`, and together with `smallerIsBetter`. */
  readonly sortBy?: CheckpointSortBy | string | undefined;
  /** With `sortBy`: whether a smaller metric value is better. */
  readonly smallerIsBetter?: boolean | undefined;
}

function checkSelection(options: SelectCheckpointOptions): void {
  const chosen = [options.latest === true, options.best === true, options.uuid != null];
  if (chosen.filter(Boolean).length !== 1) {
    throw new InvalidArgumentError('Exactly one of latest, best, or uuid must be set');
  }
  if ((options.sortBy == null) !== (options.smallerIsBetter == null)) {
    throw new InvalidArgumentError('sortBy and smallerIsBetter must be set together');
  }
  if (options.sortBy != null && !options.best) {
    throw new InvalidArgumentError('sortBy and smallerIsBetter may only be set with best');
  }
}

function listingFor(options: SelectCheckpointOptions): ListCheckpointsOptions {
  const call = callOptions(options);
  if (options.latest) return { ...call, sortBy: SortBy.BATCH_NUMBER, orderBy: OrderBy.DESC, maxResults: 1 };
  if (options.sortBy == null) return { ...call, maxResults: 1 };
  const orderBy = options.smallerIsBetter ? OrderBy.ASC : OrderBy.DESC;
  return { ...call, sortBy: options.sortBy, orderBy, maxResults: 1 };
}

/** Validate the selection and fetch the chosen checkpoint of a trial. */
export async function selectTrialCheckpoint(
  source: CheckpointSource,
  options: SelectCheckpointOptions,
): Promise<Checkpoint> {
  checkSelection(options);
  if (options.uuid != null) {
    const path = { checkpointUuid: options.uuid };
    const response = await source.session.call('GetCheckpoint', { path }, callOptions(options));
    return Checkpoint.fromApi(response.checkpoint, source.session);
  }
  const [found] = await listCheckpoints(source, listingFor(options));
  if (found === undefined) throw new InvalidArgumentError('No checkpoints found for criteria.');
  return found;
}
