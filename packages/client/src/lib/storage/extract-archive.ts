/**
 * Extracting a tar (or gzip-compressed tar) stream atomically and safely: entries go to a
 * temporary directory beside the target, which is moved into place only once the whole archive
 * was read; entries that would land outside the target are refused; every failure is a typed
 * error that names what was being extracted.
 */

import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { ReadEntry } from 'tar';
import { DeterminedError } from '../../core/errors';
import { describeArchiveFailure } from './archive-errors';
import { createPartialDir, movePartialIntoPlace, removePartialDirUntilGone } from './atomic-target';
import { ArchiveExtractionError, CorruptCheckpointError, UnsafeArchiveEntryError } from './errors';

/** Options of {@link extractArchiveAtomically}. */
export interface ExtractOptions {
  /** `tgz`: gzip-compressed tar; `tar`: plain tar. */
  readonly format: 'tgz' | 'tar';
  /** Called for each regular file the archive brings (accepted by the safety rules), for progress. */
  readonly onFile?: (() => void) | undefined;
  /**
   * What is being extracted, for error messages, e.g. `The model definition of experiment 3`
   * (default `The archive`).
   */
  readonly subject?: string | undefined;
  /** Set when extracting a checkpoint: failures are then `CorruptCheckpointError`s naming it. */
  readonly checkpointUuid?: string | undefined;
  /** `tgz`: the most bytes the archive may expand to (a gzip bomb fails early); default none. */
  readonly maxExpandedBytes?: number | undefined;
}

/**
 * zlib's default 16 KiB output chunks cost a callback and a tar parse step each; 1 MiB chunks
 * let a large checkpoint decompress at several times the speed.
 */
const GUNZIP_CHUNK_BYTES = 1024 * 1024;

/** An entry as the checks see it: `link` is set for symbolic and hard links only. */
interface CheckedEntry {
  readonly path: string;
  /** {@link pathParts} of `path`. */
  readonly parts: readonly string[];
  readonly type: string;
  readonly link: string | undefined;
}

function checkEntryPath(entry: CheckedEntry): string | null {
  const posix = entry.path.replaceAll('\\', '/');
  if (path.posix.isAbsolute(posix) || /^[A-Za-z]:/.test(posix)) return `absolute path '${entry.path}'`;
  if (posix.split('/').includes('..')) return `path '${entry.path}' contains '..'`;
  if (entry.link === undefined) return null;
  const link = entry.link.replaceAll('\\', '/');
  const resolved =
    entry.type === 'Link' ? path.posix.normalize(link) : path.posix.join(path.posix.dirname(posix), link);
  if (path.posix.isAbsolute(link) || resolved === '..' || resolved.startsWith('../')) {
    return `link '${entry.path}' -> '${entry.link}' points outside the target directory`;
  }
  return null;
}

/** The non-empty components of an archive path, either separator, without `.`. */
function pathParts(text: string): string[] {
  return text
    .replaceAll('\\', '/')
    .split('/')
    .filter((part) => part !== '' && part !== '.');
}

/**
 * Why an entry would go through a symbolic link the archive made earlier (`symlinks`): written
 * below one (`link/file`), or a link to or through one (`x -> link/../y`). Each path looks
 * harmless on its own, but a link to `.` makes `link/..` the directory above the target.
 */
function checkThroughSymlinks(entry: CheckedEntry, symlinks: ReadonlySet<string>): string | null {
  const own = entry.parts;
  for (let depth = 1; depth < own.length; depth++) {
    const parent = own.slice(0, depth).join('/');
    if (symlinks.has(parent)) return `path '${entry.path}' goes through the symbolic link '${parent}'`;
  }
  if (entry.link === undefined) return null;
  // tar refuses a link to a symbolic link too; saying so here names the link.
  const walked = entry.type === 'Link' ? [] : own.slice(0, -1);
  for (const part of pathParts(entry.link)) {
    if (part === '..') walked.pop();
    else walked.push(part);
    const reached = walked.join('/');
    if (symlinks.has(reached))
      return `link '${entry.path}' -> '${entry.link}' resolves through the symbolic link '${reached}'`;
  }
  return null;
}

type TarModule = typeof import('tar');

/** The typed error for a failed extraction (`CorruptCheckpointError` for a checkpoint). */
function failureFor(options: ExtractOptions, problem: string, cause?: unknown): ArchiveExtractionError {
  const init = cause === undefined ? undefined : { cause };
  if (options.checkpointUuid !== undefined)
    return new CorruptCheckpointError(options.checkpointUuid, problem, init);
  return new ArchiveExtractionError(options.subject ?? 'The archive', problem, init);
}

/** Passes at most `maxBytes` through, then fails with a typed "gzip bomb" error (also given to `onFail`). */
function expansionLimit(
  maxBytes: number,
  options: ExtractOptions & { onFail: (error: ArchiveExtractionError) => void },
): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      if (total > maxBytes) {
        const error = failureFor(options, `the archive expands beyond ${maxBytes} bytes (a gzip bomb?)`);
        options.onFail(error);
        done(error);
        return;
      }
      done(null, chunk);
    },
  });
}

async function extractInto(
  tar: TarModule,
  body: Readable,
  dir: string,
  options: ExtractOptions & { subjectText: string },
): Promise<void> {
  const { format, onFile } = options;
  // Our own verdicts win over what the other stages report as they are torn down.
  let unsafe: UnsafeArchiveEntryError | undefined;
  let tooLarge: ArchiveExtractionError | undefined;
  const symlinks = new Set<string>();
  const extractor = tar.x({
    cwd: dir,
    strict: true,
    preservePaths: false,
    filter: (entryPath, stat) => {
      // Extraction hands each entry as read from the archive (`Stats` only when creating one);
      // tar reports old-style regular files (type flag NUL) as `File` too.
      const { type, linkpath } = stat as ReadEntry;
      const isLink = type === 'SymbolicLink' || type === 'Link';
      const entry: CheckedEntry = {
        path: entryPath,
        parts: pathParts(entryPath),
        type,
        link: isLink ? (linkpath ?? '') : undefined,
      };
      const problem = checkEntryPath(entry) ?? checkThroughSymlinks(entry, symlinks);
      if (problem === null) {
        // A later entry of the same path replaces the symlink (tar unlinks it first).
        const key = entry.parts.join('/');
        if (type === 'SymbolicLink') symlinks.add(key);
        else symlinks.delete(key);
        if (onFile !== undefined && type === 'File') onFile();
        return true;
      }
      unsafe ??= new UnsafeArchiveEntryError(`Refusing to extract ${options.subjectText}: ${problem}`);
      body.destroy(unsafe);
      return false;
    },
  });
  const limit = options.maxExpandedBytes;
  const gunzip = [
    createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES }),
    ...(limit === undefined
      ? []
      : [
          expansionLimit(limit, {
            ...options,
            onFail: (error) => {
              tooLarge ??= error;
            },
          }),
        ]),
  ];
  const stages = format === 'tgz' ? [...gunzip, extractor] : [extractor];
  try {
    await pipeline([body, ...stages]);
  } catch (error) {
    throw unsafe ?? tooLarge ?? error;
  }
  if (unsafe) throw unsafe;
}

function typedFailure(error: unknown, options: ExtractOptions & { bodyError: unknown }): unknown {
  if (error instanceof DeterminedError) return error;
  // A body stopped with one of our errors (a cancellation, a transport failure) explains the
  // failure better than what a later stage saw of it (e.g. gzip's "unexpected end of file").
  if (options.bodyError instanceof DeterminedError) return options.bodyError;
  return failureFor(options, describeArchiveFailure(error, { fromBody: error === options.bodyError }), error);
}

/**
 * Extract a tar (gzip-compressed for `tgz`) stream into `targetDir` atomically: entries go to a
 * sibling `<target>.partial-<random>` directory that is renamed (or, for a non-empty existing
 * target, merged) into place only after the whole archive was read. On failure nothing is left.
 * Entries escaping the target (absolute paths, `..`, links pointing outside) are refused with
 * `UnsafeArchiveEntryError`; an archive that cannot be read (not gzip or tar, truncated, corrupt,
 * cut off) rejects with `ArchiveExtractionError` (`CorruptCheckpointError` for a checkpoint),
 * never with zlib's or tar's own error.
 */
export async function extractArchiveAtomically(
  body: Readable,
  targetDir: string,
  options: ExtractOptions,
): Promise<void> {
  // Mid-sentence: "Refusing to extract the model definition of experiment 3: ...".
  const subject = options.subject ?? 'The archive';
  const subjectText =
    options.checkpointUuid === undefined
      ? `${subject.charAt(0).toLowerCase()}${subject.slice(1)}`
      : `checkpoint ${options.checkpointUuid}`;
  // Until the pipeline listens, an error of the body must neither crash the process nor be lost.
  let bodyError: unknown;
  const recordError = (error: unknown): void => {
    bodyError ??= error;
  };
  body.on('error', recordError);
  let partial: string | undefined;
  try {
    partial = await createPartialDir(targetDir);
    // Loaded on first need: importing the SDK must not pay for the archive code.
    const tar = await import('tar');
    if (bodyError !== undefined) throw bodyError;
    await extractInto(tar, body, partial, { ...options, subjectText });
    await movePartialIntoPlace(partial, targetDir);
  } catch (error) {
    body.destroy();
    // The removal below also lets an error the body is still emitting (our own, e.g. a size
    // limit of the stream feeding us) arrive before the failure is named.
    if (partial !== undefined) await removePartialDirUntilGone(partial);
    else await new Promise<void>((resolve) => setImmediate(resolve));
    throw typedFailure(error, { ...options, bodyError });
  } finally {
    body.off('error', recordError);
  }
}
