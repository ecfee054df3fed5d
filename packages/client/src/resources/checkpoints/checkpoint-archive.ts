/**
 * `Checkpoint.openArchive`: a checkpoint's files as one archive stream from the master
 * (`GET /checkpoints/{checkpoint_uuid}`), for a tool to pass on or store as it arrives.
 */
import type { Readable } from 'node:stream';
import { InvalidArgumentError } from '../../core/errors';
import { callOptions, type MethodOptions } from '../../core/method-options';
import type { Session } from '../../core/session';
import { type CheckpointState, CheckpointState as States } from '../../lib/enums';
import { CheckpointStateError } from '../../lib/storage/errors';
import { tarArchiveBytes } from './archive-size';

/** The archive formats the master serves a checkpoint in. */
export type CheckpointArchiveFormat = 'tar' | 'tgz' | 'zip';

const MEDIA_TYPES: Readonly<Record<CheckpointArchiveFormat, string>> = {
  tar: 'application/x-tar',
  tgz: 'application/gzip',
  zip: 'application/zip',
};

/** Options of `Checkpoint.openArchive`. */
export interface OpenArchiveOptions extends MethodOptions {
  /** `tar` (default), `tgz` (gzip-compressed tar) or `zip`. */
  readonly format?: CheckpointArchiveFormat | undefined;
}

/** A checkpoint archive arriving from the master. */
export interface CheckpointArchive {
  /** The archive's bytes as they arrive; read it to the end or destroy it to free the connection. */
  readonly body: Readable;
  /** The answer's media type, e.g. `application/x-tar`. */
  readonly contentType: string;
  /**
   * What the archive will weigh in bytes, when it can be known before it arrives: the answer's
   * `Content-Length`, or for `tar` the size computed from the checkpoint's `resources` (the
   * master sends none). `undefined` otherwise (compressed formats, an unloaded checkpoint).
   */
  readonly expectedBytes?: number | undefined;
}

/** What `openCheckpointArchive` needs to know about the checkpoint. */
export interface ArchiveSource {
  /** The checkpoint's UUID. */
  readonly uuid: string;
  /** Its state when known (`null`: not loaded, the master decides). */
  readonly state: CheckpointState | null;
  /** Its files and their sizes when known. */
  readonly resources: Readonly<Record<string, string>> | null;
}

function formatOf(format: unknown): CheckpointArchiveFormat {
  if (format === undefined) return 'tar';
  if (format === 'tar' || format === 'tgz' || format === 'zip') return format;
  throw new InvalidArgumentError(`format must be 'tar', 'tgz' or 'zip', got ${String(format)}`);
}

function contentLength(value: string | string[] | undefined): number | undefined {
  const length = Number(Array.isArray(value) ? value[0] : value);
  return value !== undefined && Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/**
 * Open the archive of `checkpoint` on the master: `GET /checkpoints/{uuid}` with the `Accept`
 * header of `format`, the body handed over unread. A checkpoint known to be in a state other
 * than COMPLETED or PARTIALLY_DELETED is refused with `CheckpointStateError` before sending; one
 * the master does not have rejects with `NotFoundError`.
 */
export async function openCheckpointArchive(
  session: Session,
  checkpoint: ArchiveSource,
  options: OpenArchiveOptions = {},
): Promise<CheckpointArchive> {
  const format = formatOf(options.format);
  const { state, uuid } = checkpoint;
  if (state !== null && state !== States.COMPLETED && state !== States.PARTIALLY_DELETED) {
    throw new CheckpointStateError(
      `Only COMPLETED or PARTIALLY_DELETED checkpoints can be downloaded. Checkpoint ${uuid} state: ${state}`,
    );
  }
  const response = await session.download(
    'get-checkpoint',
    { path: { checkpoint_uuid: uuid } },
    { headers: { accept: MEDIA_TYPES[format] }, ...callOptions(options) },
  );
  const header = response.headers['content-type'];
  const expectedBytes =
    contentLength(response.headers['content-length']) ??
    (format === 'tar' && checkpoint.resources !== null ? tarArchiveBytes(checkpoint.resources) : undefined);
  return {
    body: response.body,
    contentType: typeof header === 'string' && header !== '' ? header : MEDIA_TYPES[format],
    ...(expectedBytes === undefined ? {} : { expectedBytes }),
  };
}
