// The benchmark's output: a table on stdout and bench/results.json.
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import type { Figure } from './figures';
import type { ScenarioResult } from './scenarios';

/** `bench/results.json`. */
export interface BenchResults {
  readonly generatedAt: string;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly node: string;
    readonly platform: string;
    readonly note: string;
  };
  readonly runsPerContender: number;
  /** What the contenders imported: the package build (`dist`) or the sources bundled in. */
  readonly client: string;
  /** Whether Determined's Python SDK ran in this run (`DET_UPSTREAM_HARNESS` set). */
  readonly pythonMeasured: boolean;
  readonly scenarios: readonly ScenarioResult[];
  /** Peak RSS of the 1M-row stream within 25% (+10 MiB) of the 100k-row one. */
  readonly metricStreamRssFlat: boolean | null;
}

function machine(): BenchResults['machine'] {
  const cpus = os.cpus();
  const shared = cpus.length <= 2;
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    note: shared
      ? `${cpus.length} cores: the bench master and the contender run in separate processes but share them, so every figure includes the server's CPU use competing with the client`
      : `${cpus.length} cores; the bench master runs in its own process`,
  };
}

function metricStreamRssFlat(scenarios: readonly ScenarioResult[]): boolean | null {
  const small = scenarios.find((s) => s.id === 'metric-stream-100k')?.sdk;
  const large = scenarios.find((s) => s.id === 'metric-stream-1m')?.sdk;
  if (!small?.ok || !large?.ok) return null;
  return large.peakRssMiB <= small.peakRssMiB * 1.25 + 10;
}

/** Assemble the results document. */
export function resultsOf(
  scenarios: readonly ScenarioResult[],
  options: { runs: number; client: string; pythonMeasured: boolean },
): BenchResults {
  return {
    generatedAt: new Date().toISOString(),
    machine: machine(),
    runsPerContender: options.runs,
    client: options.client,
    pythonMeasured: options.pythonMeasured,
    scenarios,
    metricStreamRssFlat: metricStreamRssFlat(scenarios),
  };
}

function cell(figure: Figure | null | undefined): string {
  if (figure === null || figure === undefined) return '-';
  if (!figure.ok) return `FAILED (${figure.error ?? 'no result'})`;
  const value = figure.unit === 's' ? figure.value.toFixed(2) : figure.value.toLocaleString('en-US');
  return `${value} ${figure.unit}, ${figure.peakRssMiB} MiB RSS`;
}

/** Print one block per scenario. */
export function printResults(results: BenchResults): void {
  console.log(`\nmachine: ${results.machine.note}`);
  console.log(`client: ${results.client}`);
  for (const s of results.scenarios) {
    console.log(`\n${s.met ? 'MET   ' : 'MISSED'}  ${s.title}  (target: ${s.target})`);
    console.log(`        SDK     ${cell(s.sdk)}${s.sdk.extra ? `  ${JSON.stringify(s.sdk.extra)}` : ''}`);
    if (s.raw) console.log(`        raw     ${cell(s.raw)}  [${s.raw.label}]`);
    for (const other of s.others) console.log(`        other   ${cell(other)}  [${other.label}]`);
    if (s.ratio !== null) console.log(`        ratio   ${s.ratio}x the raw limit`);
    if (s.python) console.log(`        Python  ${cell(s.python)}  [${s.python.label}]`);
    if (s.pythonRatio !== null)
      console.log(`        ratio   ${s.pythonRatio}x the Python SDK (SDK / Python)`);
    if (s.pythonMeasuredEarlier)
      console.log(
        `        Python SDK 0.38.1 (quoted from the issue, measured earlier): ${s.pythonMeasuredEarlier}`,
      );
  }
  if (results.metricStreamRssFlat !== null) {
    console.log(
      `\nmetric stream peak RSS flat from 100k to 1M rows: ${results.metricStreamRssFlat ? 'yes' : 'NO'}`,
    );
  }
}

/** Write the results document. */
export async function writeResults(file: string, results: BenchResults): Promise<void> {
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
}
