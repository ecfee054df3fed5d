/**
 * Finding the version a `Model.registerVersion` call may have made after its answer was lost:
 * the model's versions, newest first, registered by the session's user since the call started
 * (within the clock tolerance), of the checkpoint sent. The same checkpoint may be registered
 * more than once, so the time window is what tells a new version from an older one.
 */
import { callOptions, type MethodOptions } from '../../core/method-options';
import { paginateItems } from '../../core/pagination';
import type { Session } from '../../core/session';
import { ModelVersionSortBy, OrderBy } from '../../lib/enums';
import {
  type CreateWindow,
  type FoundObject,
  type LookupOutcome,
  stampedSince,
} from '../../lib/recover-lost-create';
import { ModelVersion } from './model-version';

/** What the lost `registerVersion` call sent. */
export interface SentVersion {
  /** The model's name. */
  readonly modelName: string;
  /** The checkpoint registered. */
  readonly checkpointUuid: string;
  /** The caller's options (their `signal` and `timeoutMs` carry over to the lookup). */
  readonly options: MethodOptions;
}

/** Versions of the checkpoint the session's user registered since the call started (by version number). */
export async function findRegisteredVersion(
  session: Session,
  sent: SentVersion,
  window: CreateWindow,
): Promise<LookupOutcome<ModelVersion>> {
  const username = await session.username();
  const query = { sortBy: ModelVersionSortBy.VERSION, orderBy: OrderBy.DESCENDING };
  const versions = paginateItems(
    (offset) =>
      session.call(
        'GetModelVersions',
        { path: { modelName: sent.modelName }, query: { ...query, offset } },
        callOptions(sent.options),
      ),
    (page) => page.modelVersions,
  );
  const matches: FoundObject<ModelVersion>[] = [];
  for await (const raw of versions) {
    if (!stampedSince(raw.creationTime, window)) break;
    if (raw.checkpoint.uuid !== sent.checkpointUuid || raw.username !== username) continue;
    matches.push({ id: raw.version, value: ModelVersion.fromApi(raw, session) });
  }
  return { matches };
}
