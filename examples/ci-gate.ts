// A CI gate: waits for an experiment to finish and fails (exit code 1) when it did not complete or
// its best validation metric is worse than a threshold.
//   npx tsx examples/ci-gate.ts <experimentId> <threshold> [metric [smaller|larger]]
// The metric defaults to the experiment's searcher metric, "better" to its smaller_is_better.
import { Determined, type EnvVars, ExperimentState } from '@determined-ts/client';
import { idArgument, runIfMain } from './run-main';

/** Options of {@link main}. */
export interface CiGateOptions {
  experimentId: number;
  /** The worst acceptable value of the metric. */
  threshold: number;
  /** Validation metric to judge (default: the searcher's metric). */
  metric?: string;
  /** Whether smaller values are better (default: the searcher's `smaller_is_better`, else true). */
  smallerIsBetter?: boolean;
  /** Milliseconds between polls while waiting (default 5000). */
  intervalMs?: number;
  /** Give up waiting after this many milliseconds (default: no limit). */
  timeoutMs?: number;
  /** Environment with `DET_MASTER`, `DET_USER`, `DET_PASS` (default `process.env`). */
  env?: EnvVars;
}

function searcherOf(config: Record<string, unknown> | null): {
  metric?: unknown;
  smaller_is_better?: unknown;
} {
  const searcher = config?.searcher;
  return typeof searcher === 'object' && searcher !== null ? searcher : {};
}

/** Waits for the experiment, then prints PASS or FAIL and returns 0 or 1. */
export async function main(options: CiGateOptions): Promise<number> {
  const { experimentId, threshold, intervalMs = 5000, timeoutMs, env } = options;
  const det = new Determined(env === undefined ? {} : { env });
  try {
    const exp = await det.getExperiment(experimentId);
    const state = await exp.wait({ intervalMs, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
    if (state !== ExperimentState.COMPLETED) {
      console.log(`FAIL: experiment ${experimentId} ended ${state}`);
      return 1;
    }
    const searcher = searcherOf(exp.config);
    const metric = options.metric ?? (typeof searcher.metric === 'string' ? searcher.metric : undefined);
    if (metric === undefined) throw new Error(`experiment ${experimentId} has no searcher metric; name one`);
    const smallerIsBetter = options.smallerIsBetter ?? searcher.smaller_is_better !== false;
    const better = (a: number, b: number) => (smallerIsBetter ? a < b : a > b);

    const trialIds = (await exp.listTrials()).map((t) => t.id);
    let best: number | undefined;
    if (trialIds.length > 0) {
      for await (const report of det.iterTrialsMetrics(trialIds, 'validation')) {
        const value = report.metrics[metric];
        if (typeof value === 'number' && (best === undefined || better(value, best))) best = value;
      }
    }
    if (best === undefined) {
      console.log(`FAIL: experiment ${experimentId} reported no validation ${metric}`);
      return 1;
    }
    const pass = best === threshold || better(best, threshold);
    const verdict = `best validation ${metric} ${best} vs threshold ${threshold}`;
    console.log(
      pass ? `PASS: ${verdict}` : `FAIL: ${verdict} (${smallerIsBetter ? 'higher' : 'lower'} is worse)`,
    );
    return pass ? 0 : 1;
  } finally {
    await det.close();
  }
}

runIfMain('ci-gate.ts', async () => {
  const [experimentId, threshold, metric, better] = process.argv.slice(2);
  const limit = Number(threshold);
  if (threshold === undefined || !Number.isFinite(limit)) throw new Error('threshold must be a number');
  return main({
    experimentId: idArgument(experimentId, 'experimentId'),
    threshold: limit,
    ...(metric ? { metric } : {}),
    ...(better ? { smallerIsBetter: better === 'smaller' } : {}),
  });
});
