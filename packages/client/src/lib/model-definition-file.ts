/**
 * What `Experiment.downloadCode` does with the experiment's model definition: write the archive
 * as `exp-<id>_model_def.tar.gz` (Python's behaviour), or extract it safely into a directory;
 * either way with progress, cancellation, and nothing partial left behind.
 */

import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AbortError } from '../core/errors';
import { MAX_CONTEXT_SIZE } from './model-context';
import { extractArchiveAtomically } from './storage/extract-archive';
import { type ProgressListener, ProgressReporter } from './storage/progress';

/** Bytes written (or handed to the extractor) per step, between two cancellation checks. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * The most an extracted model definition may expand to: twice `MAX_CONTEXT_SIZE` (the limit of
 * a model directory, 95 MiB), so that a gzip bomb stops before it fills the disk.
 */
export const MAX_MODEL_DEFINITION_BYTES = 2 * MAX_CONTEXT_SIZE;

function expandHome(dir: string): string {
  if (dir === '~') return homedir();
  if (dir.startsWith('~/') || dir.startsWith(`~${path.sep}`)) return path.join(homedir(), dir.slice(2));
  return dir;
}

/** Options of `writeModelDefinition`. */
export interface WriteModelDefinitionOptions {
  readonly experimentId: number;
  /** The master's `b64Tgz`: the base64 of a gzip-compressed tar archive. */
  readonly b64Tgz: string;
  /** Directory of the `.tar.gz` file (`~` expanded, created); default: the current directory. */
  readonly outputDir?: string | undefined;
  /** Extract the archive into this directory (`~` expanded) instead of writing the file. */
  readonly extractTo?: string | undefined;
  /** `{ bytes, totalBytes, files, totalFiles }` at most every 100 ms and once at the end. */
  readonly onProgress?: ProgressListener | undefined;
  /** Cancels the write or extraction (rejects with `AbortError`, leaving nothing). */
  readonly signal?: AbortSignal | undefined;
}

function cancelled(experimentId: number): AbortError {
  return new AbortError(`Download of the model definition of experiment ${experimentId} was cancelled`);
}

function* chunksOf(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) yield bytes.subarray(at, at + CHUNK_BYTES);
}

async function writeArchiveFile(
  file: string,
  bytes: Buffer,
  options: { progress: ProgressReporter; signal: AbortSignal | undefined; experimentId: number },
): Promise<void> {
  const partial = `${file}.partial-${randomBytes(6).toString('hex')}`;
  try {
    const handle = await open(partial, 'w');
    try {
      for (const chunk of chunksOf(bytes)) {
        if (options.signal?.aborted) throw cancelled(options.experimentId);
        await handle.write(chunk);
        options.progress.addBytes(chunk.length);
      }
    } finally {
      await handle.close();
    }
    if (options.signal?.aborted) throw cancelled(options.experimentId);
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  options.progress.addFile();
}

/**
 * The archive's bytes as a stream, counted as the extractor reads them; it stops with
 * `AbortError` when `signal` aborts.
 */
function archiveStream(
  bytes: Buffer,
  options: { signal: AbortSignal | undefined; experimentId: number; progress: ProgressReporter },
) {
  const { signal, experimentId, progress } = options;
  let at = 0;
  const stream = new Readable({
    read() {
      if (at >= bytes.length) {
        this.push(null);
        return;
      }
      const chunk = bytes.subarray(at, at + CHUNK_BYTES);
      at += chunk.length;
      // The listener may cancel (destroying this stream) before the chunk is pushed.
      progress.addBytes(chunk.length);
      if (!this.destroyed) this.push(chunk);
    },
  });
  if (signal === undefined) return stream;
  const onAbort = (): void => {
    stream.destroy(cancelled(experimentId));
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  stream.on('close', () => signal.removeEventListener('abort', onAbort));
  return stream;
}

/** Regular files in a tgz (0 when it cannot be read: the extraction then reports what is wrong). */
async function countFiles(bytes: Buffer): Promise<number> {
  const tar = await import('tar');
  let files = 0;
  const lister = tar.t({
    onReadEntry: (entry) => {
      if (entry.type === 'File' || entry.type === 'OldFile') files += 1;
    },
  });
  return pipeline(Readable.from(chunksOf(bytes), { objectMode: false }), lister).then(
    () => files,
    () => 0,
  );
}

/**
 * Without `extractTo`: write the decoded model definition of experiment `experimentId` to
 * `<outputDir>/exp-<id>_model_def.tar.gz` (replacing any existing file atomically) and return the
 * file path: relative (`exp-<id>_model_def.tar.gz`) without `outputDir`, as Python's
 * `download_code()` returns it. With `extractTo`: extract the archive there atomically (the
 * hostile-archive rules of checkpoint downloads apply; a bad archive rejects with
 * `ArchiveExtractionError` naming the experiment) and return that directory.
 */
export async function writeModelDefinition(options: WriteModelDefinitionOptions): Promise<string> {
  const { experimentId, signal } = options;
  if (signal?.aborted) throw cancelled(experimentId);
  const bytes = Buffer.from(options.b64Tgz, 'base64');
  if (options.extractTo !== undefined) {
    const target = expandHome(options.extractTo);
    const progress = new ProgressReporter({
      listener: options.onProgress,
      totals: { totalBytes: bytes.length, totalFiles: options.onProgress ? await countFiles(bytes) : 0 },
    });
    const body = archiveStream(bytes, { signal, experimentId, progress });
    await extractArchiveAtomically(body, target, {
      format: 'tgz',
      subject: `The model definition of experiment ${experimentId}`,
      maxExpandedBytes: MAX_MODEL_DEFINITION_BYTES,
      onFile: progress.active ? () => progress.addFile() : undefined,
    });
    progress.finish({ complete: true });
    return target;
  }
  const name = `exp-${experimentId}_model_def.tar.gz`;
  const dir = options.outputDir ? expandHome(options.outputDir) : process.cwd();
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  const progress = new ProgressReporter({
    listener: options.onProgress,
    totals: { totalBytes: bytes.length, totalFiles: 1 },
  });
  await writeArchiveFile(file, bytes, { progress, signal, experimentId });
  progress.finish();
  return options.outputDir ? file : name;
}
