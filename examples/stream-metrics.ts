// Exports one trial's metrics of a group (training, validation, ...) as CSV, streaming each report
// to the output as it arrives.
//   npx tsx examples/stream-metrics.ts <trialId> [group] > metrics.csv
import { Determined, type EnvVars } from '@determined-ts/client';
import { idArgument, runIfMain } from './run-main';

/** Where CSV lines go (a subset of `process.stdout`, a file stream, ...). */
export interface LineSink {
  write(chunk: string): unknown;
}

/** Options of {@link main}. */
export interface StreamMetricsOptions {
  trialId: number;
  /** Metric group (default `training`). */
  group?: string;
  /** Default `process.stdout`. */
  out?: LineSink;
  /** Environment with `DET_MASTER`, `DET_USER`, `DET_PASS` (default `process.env`). */
  env?: EnvVars;
}

/** One CSV field: numbers as they are, anything else quoted (objects as JSON). */
export function csvField(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes `trial_id,steps_completed,end_time,<metric...>` and one row per report; returns 0. */
export async function main(options: StreamMetricsOptions): Promise<number> {
  const { trialId, group = 'training', out = process.stdout, env } = options;
  const det = new Determined(env === undefined ? {} : { env });
  try {
    let columns: string[] | null = null;
    for await (const report of det.iterTrialsMetrics([trialId], group)) {
      if (columns === null) {
        // The header is fixed by the first report so that rows stream out without buffering;
        // the reports of one group carry the same metric names.
        columns = Object.keys(report.metrics).sort();
        out.write(`${['trial_id', 'steps_completed', 'end_time', ...columns].join(',')}\n`);
      }
      const fields = [report.trialId, report.stepsCompleted, report.endTime.toISOString()];
      out.write(`${[...fields, ...columns.map((c) => report.metrics[c])].map(csvField).join(',')}\n`);
    }
    if (columns === null) console.error(`trial ${trialId} has no ${group} metrics`);
    return 0;
  } finally {
    await det.close();
  }
}

runIfMain('stream-metrics.ts', async () => {
  const [trialId, group] = process.argv.slice(2);
  return main({ trialId: idArgument(trialId, 'trialId'), ...(group ? { group } : {}) });
});
