// Shared benchmark helpers: peak-memory sampling and the one-line JSON result format.

/** Samples RSS and heap while a benchmark runs. */
export class MemorySampler {
  readonly baselineRss: number;
  peakRss: number;
  peakHeap: number;
  readonly #timer: NodeJS.Timeout;

  constructor(intervalMs = 20) {
    globalThis.gc?.();
    const usage = process.memoryUsage();
    this.baselineRss = usage.rss;
    this.peakRss = usage.rss;
    this.peakHeap = usage.heapUsed;
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
  }

  sample(): void {
    const usage = process.memoryUsage();
    this.peakRss = Math.max(this.peakRss, usage.rss);
    this.peakHeap = Math.max(this.peakHeap, usage.heapUsed);
  }

  stop(): { baselineRssMiB: number; peakRssMiB: number; rssGrowthMiB: number; peakHeapMiB: number } {
    clearInterval(this.#timer);
    this.sample();
    return {
      baselineRssMiB: mib(this.baselineRss),
      peakRssMiB: mib(this.peakRss),
      rssGrowthMiB: mib(this.peakRss - this.baselineRss),
      peakHeapMiB: mib(this.peakHeap),
    };
  }
}

/** Bytes to MiB with one decimal. */
export function mib(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

/** Print a benchmark's result as the one JSON line the runner reads, and set the exit code. */
export function report(
  result: { name: string; ok: boolean; target: string } & Record<string, unknown>,
): void {
  console.log(JSON.stringify(result));
  process.exitCode = result.ok ? 0 : 1;
}

/** Run a benchmark body, reporting a thrown error as a failed result. */
export function runBench(name: string, target: string, body: () => Promise<void>): void {
  body().catch((error: unknown) => {
    report({ name, ok: false, target, error: error instanceof Error ? error.message : String(error) });
  });
}
