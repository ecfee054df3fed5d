/**
 * A checkpoint's files as one tar stream from the master, for the server to pass on. The SDK's
 * `Checkpoint.download()` only extracts into a directory and `det.api` reads every body as text,
 * so the master's archive route (`GET /checkpoints/{checkpoint_uuid}`) is read through the
 * session's transport, the lowest public layer that hands out a response body as a stream.
 */
import type { Readable } from 'node:stream';
import { CheckpointState, type Determined } from '@determined-ts/client';
import { estimateTarBytes } from './checkpoint-summary';

/** A checkpoint archive being received from the master. */
export interface CheckpointArchive {
  readonly uuid: string;
  /** The tar bytes, as they arrive. */
  readonly body: Readable;
  /** What the archive is expected to weigh (see `estimateTarBytes`). */
  readonly expectedBytes: number;
  readonly fileName: string;
}

/** The checkpoint exists but its files cannot be downloaded (not COMPLETED or PARTIALLY_DELETED). */
export class CheckpointNotDownloadableError extends Error {
  override readonly name = 'CheckpointNotDownloadableError';
}

const DOWNLOADABLE: ReadonlySet<string> = new Set([
  CheckpointState.COMPLETED,
  CheckpointState.PARTIALLY_DELETED,
]);

/** Opens the tar archive of checkpoint `uuid` through the master. */
export async function openCheckpointArchive(
  det: Determined,
  uuid: string,
  options: { signal?: AbortSignal | undefined } = {},
): Promise<CheckpointArchive> {
  const checkpoint = await det.getCheckpoint(uuid, { signal: options.signal });
  if (checkpoint.state === null || !DOWNLOADABLE.has(checkpoint.state)) {
    throw new CheckpointNotDownloadableError(
      `Checkpoint ${uuid} is ${checkpoint.state ?? 'in an unknown state'}; only COMPLETED or PARTIALLY_DELETED checkpoints can be downloaded.`,
    );
  }
  // getCheckpoint above has logged the session in, so the transport sends its token.
  const response = await det.session.transport.raw('GET', `/checkpoints/${uuid}`, {
    headers: { accept: 'application/x-tar' },
    signal: options.signal,
  });
  return {
    uuid,
    body: response.body,
    expectedBytes: estimateTarBytes(checkpoint.resources ?? {}),
    fileName: `checkpoint-${uuid}.tar`,
  };
}
