// Turning contender runs into figures: best of N runs, the highest peak RSS of them.
import { type BundleDir, type ContenderCommand, type PythonHarness, runContender } from './child';
import type { ContenderResult } from './protocol';

/** One contender's figure in a scenario. */
export interface Figure {
  /** What ran (e.g. `@determined-ts/client`, `fetch + JSON.parse`). */
  readonly label: string;
  /** The headline value (a rate, or a duration when `higherIsBetter` is false). */
  readonly value: number;
  readonly unit: string;
  readonly higherIsBetter: boolean;
  /** Seconds of the best run. */
  readonly seconds: number;
  /** Highest peak RSS over the runs, in MiB. */
  readonly peakRssMiB: number;
  readonly runs: number;
  readonly ok: boolean;
  readonly error?: string;
  readonly extra?: Readonly<Record<string, number | string | boolean>>;
}

/** How to read a contender's result as a figure. */
export interface FigureSpec {
  readonly label: string;
  /** The bundled Node contender (`contenders/<script>.ts`); ignored when `python` is set. */
  readonly script: string;
  /** Run the Python SDK contender (`contenders/python-sdk.py`) with this harness instead. */
  readonly python?: PythonHarness;
  readonly args: object;
  readonly unit: string;
  readonly value: (result: ContenderResult) => number;
  readonly higherIsBetter: boolean;
  readonly runs: number;
  /** Use the median run instead of the best (cold start: noise both ways). */
  readonly median?: boolean;
}

const MiB = 1024 * 1024;

/** Rows (or files, or any unit) per second of a result. */
export const perSecond = (result: ContenderResult): number => Math.round(result.units / result.seconds);
/** MiB per second of a result whose units are bytes. */
export const mibPerSecond = (result: ContenderResult): number =>
  Math.round(result.units / MiB / result.seconds);
/** Milliseconds of a result. */
export const milliseconds = (result: ContenderResult): number => Math.round(result.seconds * 1000);

function pick(results: readonly ContenderResult[], spec: FigureSpec): ContenderResult {
  const sorted = [...results].sort((a, b) => spec.value(a) - spec.value(b));
  const index = spec.median ? Math.floor(sorted.length / 2) : spec.higherIsBetter ? sorted.length - 1 : 0;
  const chosen = sorted[index];
  if (chosen === undefined) throw new Error(`${spec.label}: no runs`);
  return chosen;
}

/** Run a contender `spec.runs` times (each in a fresh process) and summarize. */
export async function measure(bundle: BundleDir, spec: FigureSpec): Promise<Figure> {
  const command: ContenderCommand =
    spec.python === undefined
      ? { runtime: 'node', script: spec.script }
      : { runtime: 'python', harness: spec.python };
  const results: ContenderResult[] = [];
  for (let run = 0; run < spec.runs; run++) {
    const result = await runContender(bundle, command, spec.args);
    results.push(result);
    if (!result.ok) break;
  }
  const failed = results.find((result) => !result.ok);
  const base = {
    label: spec.label,
    unit: spec.unit,
    higherIsBetter: spec.higherIsBetter,
    runs: results.length,
  };
  if (failed !== undefined) {
    return {
      ...base,
      value: 0,
      seconds: 0,
      peakRssMiB: failed.peakRssMiB,
      ok: false,
      error: failed.error ?? 'failed',
    };
  }
  const best = pick(results, spec);
  return {
    ...base,
    value: spec.value(best),
    seconds: best.seconds,
    peakRssMiB: Math.max(...results.map((result) => result.peakRssMiB)),
    ok: true,
    ...(best.extra === undefined ? {} : { extra: best.extra }),
  };
}

/** How many times faster `sdk` is than `other` (above 1: the SDK is faster). */
export function speedRatio(sdk: Figure, other: Figure): number | null {
  if (!sdk.ok || !other.ok || sdk.value === 0 || other.value === 0) return null;
  const ratio = sdk.higherIsBetter ? sdk.value / other.value : other.value / sdk.value;
  return Math.round(ratio * 100) / 100;
}
