/**
 * Stat'ing and reading the files of a model definition. Both are synchronous calls in slices, with
 * a turn of the event loop between slices: for thousands of small files, one `fs.promises` call
 * per file (a thread-pool round trip and a promise each; `readFile` is four of them) cost 2–3× the
 * CPU time of the synchronous calls, while a slice blocks the loop for a few milliseconds only.
 */
import { type BigIntStats, readFileSync, statSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { countedSize, type SizedFile, tooLarge } from './model-context-size';
import { mtimeString } from './path-utils';

/** One `v1File` of a `modelDefinition` (all fields always present). */
export interface ModelDefinitionEntry {
  /** POSIX path relative to the model directory (no trailing slash). */
  path: string;
  /** 48 (`'0'`, regular file) or 53 (`'5'`, directory), as in tar headers. */
  type: 48 | 53;
  /** Standard base64 of the file bytes; `""` for directories. */
  content: string;
  /** Integer seconds since the epoch, as a string. */
  mtime: string;
  /** Full `st_mode`, including the file-type bits. */
  mode: number;
  uid: 0;
  gid: 0;
}

/** An entry of the model definition before its file is read. */
export interface PlannedEntry {
  /** Path inside the context. */
  path: string;
  /** Absolute path to read, for files. */
  source: string | null;
  /** Size when it was stat'ed. */
  size: number;
  /** Its stats (mode and mtime of the entry). */
  stats: BigIntStats;
}

/** Files stat'ed or read between two turns of the event loop. */
const SLICE_FILES = 64;
/** Bytes read between two turns of the event loop (a slice ends at whichever comes first). */
const SLICE_BYTES = 4 * 1024 * 1024;

function statOrNull(abs: string): BigIntStats | null {
  try {
    return statSync(abs, { bigint: true, throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}

/** The stats of `paths` in order (`null` for one that cannot be stat'ed). */
export async function statAll(paths: readonly string[]): Promise<(BigIntStats | null)[]> {
  const stats: (BigIntStats | null)[] = [];
  for (const [i, abs] of paths.entries()) {
    if (i > 0 && i % SLICE_FILES === 0) await nextTurn();
    stats.push(statOrNull(abs));
  }
  return stats;
}

function toEntry(planned: PlannedEntry, content: string | null): ModelDefinitionEntry {
  return {
    path: planned.path,
    type: content === null ? 53 : 48,
    content: content ?? '',
    mtime: mtimeString(planned.stats),
    mode: Number(planned.stats.mode),
    uid: 0,
    gid: 0,
  };
}

function readOrUndefined(source: string): Buffer | undefined {
  try {
    return readFileSync(source);
  } catch {
    return undefined;
  }
}

/**
 * The entries of `planned` in order, files read and base64-encoded; a file that cannot be read is
 * skipped with a warning, and `ContextTooLargeError` is thrown as soon as what was read (files may
 * have grown since they were stat'ed) exceeds `limit`.
 */
export async function readEntries(
  planned: readonly PlannedEntry[],
  warn: (message: string) => void,
  limit: number,
): Promise<ModelDefinitionEntry[]> {
  const entries: ModelDefinitionEntry[] = [];
  const read: SizedFile[] = [];
  let total = 0;
  let sliceFiles = 0;
  let sliceBytes = 0;
  for (const p of planned) {
    if (p.source === null) {
      entries.push(toEntry(p, null));
      continue;
    }
    if (sliceFiles >= SLICE_FILES || sliceBytes >= SLICE_BYTES) {
      await nextTurn();
      sliceFiles = 0;
      sliceBytes = 0;
    }
    const bytes = readOrUndefined(p.source);
    sliceFiles += 1;
    if (bytes === undefined) {
      warn(`Error reading '${p.path}', skipping this file.`);
      continue;
    }
    sliceBytes += bytes.length;
    read.push({ path: p.path, bytes: bytes.length });
    total += countedSize(bytes.length);
    if (total > limit) throw tooLarge(read, total, limit);
    entries.push(toEntry(p, bytes.toString('base64')));
  }
  return entries;
}
