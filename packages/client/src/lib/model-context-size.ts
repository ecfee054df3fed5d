/** The size limit of a model definition, how files count against it, and the error past it. */
import { InvalidArgumentError } from '../core/errors';
import { sizeofFmt } from './path-utils';

/** Upstream `MAX_CONTEXT_SIZE`: (128 MiB / 8 × 6) − 1 MiB = 99,614,720 bytes. */
export const MAX_CONTEXT_SIZE = 99_614_720;

/** A file and its size, as listed by `ContextTooLargeError`. */
export interface SizedFile {
  /** Path of the file inside the context, `/`-separated. */
  path: string;
  /** Size of the file in bytes. */
  bytes: number;
}

/** The model directory and includes exceed the size the master accepts. */
export class ContextTooLargeError extends InvalidArgumentError {
  /** Always `'ContextTooLargeError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'ContextTooLargeError';
  /** Counted size (base64-decoded length of every file). */
  readonly totalBytes: number;
  /** The largest allowed size, in bytes (`MAX_CONTEXT_SIZE` unless overridden). */
  readonly limitBytes: number;
  /** The largest files, biggest first (at most five). */
  readonly largestFiles: readonly SizedFile[];

  constructor(totalBytes: number, limitBytes: number, largestFiles: readonly SizedFile[]) {
    const listed = largestFiles.map((f) => `${f.path} (${sizeofFmt(f.bytes)})`).join(', ');
    super(
      `The total size of the model directory and included files and directories (${sizeofFmt(totalBytes)}) ` +
        `exceeds the maximum allowed size ${sizeofFmt(limitBytes)}. Consider using .detignore files inside ` +
        `directories to specify that certain files or subdirectories should be omitted. Largest files: ${listed}.`,
    );
    this.totalBytes = totalBytes;
    this.limitBytes = limitBytes;
    this.largestFiles = largestFiles;
  }
}

/** Bytes a file counts for: `floor(len(base64) / 4) * 3`. */
export function countedSize(bytes: number): number {
  return Math.ceil(bytes / 3) * 3;
}

/** The error for `files` totalling `total` counted bytes over `limit`. */
export function tooLarge(files: readonly SizedFile[], total: number, limit: number): ContextTooLargeError {
  const largest = [...files].sort((a, b) => b.bytes - a.bytes).slice(0, 5);
  return new ContextTooLargeError(total, limit, largest);
}

/** Throw `ContextTooLargeError` when `files` count for more than `limit`. */
export function checkSize(files: readonly SizedFile[], limit: number): void {
  const total = files.reduce((sum, f) => sum + countedSize(f.bytes), 0);
  if (total > limit) throw tooLarge(files, total, limit);
}
