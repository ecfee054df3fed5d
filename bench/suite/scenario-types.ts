// What a benchmark scenario is, gets and produces, and the result fields shared by the scenarios.
import type { BundleDir, PythonHarness } from './child';
import { type Figure, speedRatio } from './figures';
import type { BenchManifest } from './protocol';

/** A scenario's outcome, as written to `bench/results.json`. */
export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  readonly sdk: Figure;
  /** The physical limit measured in the same run on the same bytes, when the issue defines one. */
  readonly raw: Figure | null;
  /** Further comparisons (e.g. `curl | tar -xz`). */
  readonly others: readonly Figure[];
  /** SDK speed / raw speed (1.0: as fast as the limit). */
  readonly ratio: number | null;
  /** Determined's Python SDK 0.38.1 measured in this run (only with `DET_UPSTREAM_HARNESS`). */
  readonly python: Figure | null;
  /** SDK speed / Python SDK speed (above 1: the SDK is faster), when `python` was measured. */
  readonly pythonRatio: number | null;
  /** Determined's Python SDK 0.38.1 as quoted from the performance issue (measured earlier). */
  readonly pythonMeasuredEarlier: string | null;
  readonly target: string;
  readonly met: boolean;
}

/** What every scenario gets. */
export interface ScenarioContext {
  readonly bundle: BundleDir;
  readonly manifest: BenchManifest;
  /** Runs per contender (best of). */
  readonly runs: number;
  /** Determined's Python SDK to measure next to ours, or null (`DET_UPSTREAM_HARNESS` unset). */
  readonly python: PythonHarness | null;
}

/** The result fields about the Python SDK: measured when possible, the quote either way. */
export function pythonFields(sdk: Figure, python: Figure | null, quoted: string | null) {
  return {
    python,
    pythonRatio: python === null ? null : speedRatio(sdk, python),
    pythonMeasuredEarlier: quoted,
  };
}

/** A benchmark scenario. */
export interface Scenario {
  readonly id: string;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}

const MB = 1_000_000;

/** Whether a figure succeeded with a peak RSS below `megabytes` (10^6 bytes). */
export const rssBelow = (figure: Figure, megabytes: number) =>
  figure.ok && (figure.peakRssMiB * 1024 * 1024) / MB < megabytes;
