/**
 * Download progress: `{ bytes, totalBytes, files, totalFiles }`, reported at most every 100 ms
 * while data arrives and exactly once more when the download completes.
 */

/** One progress report. */
export interface DownloadProgress {
  /** File bytes written so far. */
  readonly bytes: number;
  /** Expected file bytes (from the checkpoint's `resources`, else from the listing). */
  readonly totalBytes: number;
  /** Files completed so far. */
  readonly files: number;
  /** Expected number of files. */
  readonly totalFiles: number;
}

/** Receives progress reports. */
export type ProgressListener = (progress: DownloadProgress) => void;

/** Expected totals of a download. */
export interface ProgressTotals {
  readonly totalBytes: number;
  readonly totalFiles: number;
}

/** Totals from a checkpoint's `resources` (path → size as a string; directories end with `/`). */
export function totalsFromResources(
  resources: Readonly<Record<string, string>> | null,
): ProgressTotals | null {
  if (resources === null) return null;
  let totalBytes = 0;
  let totalFiles = 0;
  for (const [rel, size] of Object.entries(resources)) {
    if (rel.endsWith('/')) continue;
    totalFiles += 1;
    const bytes = Number(size);
    if (Number.isFinite(bytes) && bytes > 0) totalBytes += bytes;
  }
  return { totalBytes, totalFiles };
}

/** Options of `ProgressReporter`. */
export interface ProgressReporterOptions {
  readonly listener?: ProgressListener | undefined;
  readonly totals?: ProgressTotals | null | undefined;
  /** Minimum time between two reports before the final one (default 100 ms). */
  readonly intervalMs?: number | undefined;
  /** Clock in milliseconds (default `performance.now`). */
  readonly now?: (() => number) | undefined;
}

/** Counts bytes and files and forwards throttled reports to a listener. */
export class ProgressReporter {
  #bytes = 0;
  #files = 0;
  #totals: ProgressTotals;
  #lastReport = Number.NEGATIVE_INFINITY;
  #finished = false;
  readonly #listener: ProgressListener | undefined;
  readonly #intervalMs: number;
  readonly #now: () => number;

  constructor(options: ProgressReporterOptions = {}) {
    this.#listener = options.listener;
    this.#totals = options.totals ?? { totalBytes: 0, totalFiles: 0 };
    this.#intervalMs = options.intervalMs ?? 100;
    this.#now = options.now ?? (() => performance.now());
  }

  /** True when somebody listens (callers may skip counting otherwise). */
  get active(): boolean {
    return this.#listener !== undefined;
  }

  /** Replace unknown (zero) totals, e.g. with the sums of a storage listing. */
  fillTotals(totals: ProgressTotals): void {
    this.#totals = {
      totalBytes: this.#totals.totalBytes > 0 ? this.#totals.totalBytes : totals.totalBytes,
      totalFiles: this.#totals.totalFiles > 0 ? this.#totals.totalFiles : totals.totalFiles,
    };
  }

  /** Count written bytes. */
  addBytes(count: number): void {
    this.#bytes += count;
    this.#maybeReport();
  }

  /** Count a completed file. */
  addFile(): void {
    this.#files += 1;
    this.#maybeReport();
  }

  /** The current figures. */
  snapshot(): DownloadProgress {
    return { bytes: this.#bytes, files: this.#files, ...this.#totals };
  }

  /**
   * Send the final report (once). `complete` (for paths that do not count as they go, like the
   * master's archive) reports the totals as reached.
   */
  finish(options: { complete?: boolean } = {}): void {
    if (this.#finished || this.#listener === undefined) return;
    if (options.complete === true) {
      this.#bytes = Math.max(this.#bytes, this.#totals.totalBytes);
      this.#files = Math.max(this.#files, this.#totals.totalFiles);
    }
    this.#finished = true;
    this.#listener(this.snapshot());
  }

  #maybeReport(): void {
    if (this.#listener === undefined || this.#finished) return;
    const now = this.#now();
    if (now - this.#lastReport < this.#intervalMs) return;
    this.#lastReport = now;
    this.#listener(this.snapshot());
  }
}
