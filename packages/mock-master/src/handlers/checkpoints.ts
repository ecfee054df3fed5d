import { archiveDirectory, contentTypeFor, negotiateArchiveFormat } from '../archive';
import { invalidArgument, MockHttpError, notFound } from '../errors';
import type { Handler, MockRequest } from '../server/types';
import type { MockState } from '../state/mock-state';
import type { JsonObject, MetricsReport } from '../state/records';
import { renderCheckpoint } from '../state/render';
import { body, ok, pathStr, qStr } from './util';

function stringList(v: unknown, what: string): string[] {
  if (!Array.isArray(v)) throw invalidArgument(`${what} must be a list of strings`);
  return v.map(String);
}

/**
 * Metrics of the trials that used a checkpoint as their source (inference or fine-tuning),
 * as recorded in `state.trialSources`.
 */
export function sourceMetrics(state: MockState, req: MockRequest, uuid: string): MetricsReport[] {
  const type = qStr(req, 'trialSourceInfoType');
  const group = qStr(req, 'metricGroup');
  const trialIds = state.trialSources
    .filter(
      (s) =>
        s.checkpointUuid === uuid &&
        (type === undefined || type === 'TRIAL_SOURCE_INFO_TYPE_UNSPECIFIED' || s.type === type),
    )
    .map((s) => s.trialId);
  return [...state.metrics.iterate(trialIds, group ?? null)];
}

/** Checkpoint handlers, including the binary archive download. */
export const checkpointHandlers: Readonly<Record<string, Handler>> = {
  GetCheckpoint: (req, { state }) => {
    state.sync();
    return ok({ checkpoint: renderCheckpoint(state.checkpoint(pathStr(req, 'checkpointUuid'))) });
  },
  PostCheckpointMetadata: (req, { state }) => {
    const ck = state.checkpoint(pathStr(req, 'checkpoint.uuid'));
    const metadata = (body(req).checkpoint as JsonObject | undefined)?.metadata;
    if (metadata !== undefined && (typeof metadata !== 'object' || Array.isArray(metadata)))
      throw invalidArgument('metadata must be an object');
    ck.metadata = structuredClone((metadata ?? {}) as JsonObject);
    return ok({ checkpoint: renderCheckpoint(ck) });
  },
  DeleteCheckpoints: (req, { state }) => {
    state.sync();
    state.deleteCheckpoints(stringList(body(req).checkpointUuids, 'checkpointUuids'));
    return ok({});
  },
  CheckpointsRemoveFiles: (req, { state }) => {
    state.sync();
    const b = body(req);
    const uuids = stringList(b.checkpointUuids, 'checkpointUuids');
    const globs = stringList(b.checkpointGlobs ?? [], 'checkpointGlobs');
    for (const uuid of uuids) state.checkpoint(uuid);
    state.gc.collectByExperiment(uuids, globs);
    return ok({});
  },
  GetTrialMetricsByCheckpoint: (req, { state }) => {
    const uuid = pathStr(req, 'checkpointUuid');
    state.checkpoint(uuid);
    return ok({ metrics: sourceMetrics(state, req, uuid) });
  },
  'get-checkpoint': (req, { state }) => {
    const uuid = pathStr(req, 'checkpoint_uuid');
    state.checkpoint(uuid);
    const accept = req.headers.accept;
    const format = negotiateArchiveFormat(Array.isArray(accept) ? accept.join(',') : accept);
    if (format === null)
      throw new MockHttpError(415, 3, `unsupported media type to download a checkpoint: ${String(accept)}`);
    if (!state.storage.exists(uuid)) throw notFound(`checkpoint files not found: ${uuid}`);
    const ext = format === 'zip' ? 'zip' : format === 'tgz' ? 'tar.gz' : 'tar';
    return {
      status: 200,
      headers: {
        'content-type': contentTypeFor(format),
        'content-disposition': `attachment; filename="${uuid}.${ext}"`,
      },
      stream: archiveDirectory(state.storage.dir(uuid), format),
    };
  },
};
