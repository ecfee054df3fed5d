/**
 * Decompressing a master checkpoint archive with a ceiling on its expanded size, derived from
 * the checkpoint's `resources`, so that a gzip bomb fails early instead of filling the disk.
 */

import { pipeline, type Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CorruptCheckpointError } from './errors';

const CHUNK_BYTES = 1024 * 1024;

/**
 * The most tar bytes an archive of `resources` may expand to: twice the listed sizes plus a
 * generous allowance per entry for headers and padding, and 16 MiB of slack. Null when the
 * resources are unknown (no ceiling).
 */
export function expandedSizeLimit(
  resources: Readonly<Record<string, string>> | null | undefined,
): number | null {
  if (resources === null || resources === undefined) return null;
  const entries = Object.keys(resources);
  if (entries.length === 0) return null;
  const listed = entries.reduce((sum, rel) => sum + (Number(resources[rel]) || 0), 0);
  return 2 * listed + 4096 * (entries.length + 16) + 16 * 1024 * 1024;
}

/**
 * `body` gunzipped, failing with `CorruptCheckpointError` once more than `maxBytes` came out.
 * Errors of the body or of zlib end the returned stream with the same error.
 */
export function boundedGunzip(body: Readable, options: { maxBytes: number; uuid: string }): Readable {
  let total = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > options.maxBytes) {
        callback(
          new CorruptCheckpointError(
            options.uuid,
            `the archive expands beyond ${options.maxBytes} bytes, far more than its listed files (a gzip bomb?)`,
          ),
        );
        return;
      }
      callback(null, chunk);
    },
  });
  pipeline(body, createGunzip({ chunkSize: CHUNK_BYTES }), limiter, () => undefined);
  return limiter;
}
