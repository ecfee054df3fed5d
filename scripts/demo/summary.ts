import { formatBytes } from './render/progress-bar';
import { type TableRow, table } from './render/table';
import type { WorkflowResult } from './workflow';

function lastValue(result: WorkflowResult, label: string): string {
  const series = result.curve.find((s) => s.label === label);
  const last = series?.points.at(-1);
  return last === undefined ? 'n/a' : `${last.value.toFixed(4)} (batch ${last.step})`;
}

function bestValidationLoss(result: WorkflowResult): string {
  const value = result.best.training?.validationMetrics.avgMetrics?.validation_loss;
  return typeof value === 'number' ? value.toFixed(4) : 'n/a';
}

/** The closing table: what ran where, how it ended, and what was downloaded. */
export function summaryTable(result: WorkflowResult, master: string, elapsedMs: number): string[] {
  const rows: TableRow[] = [
    ['master', master],
    ['experiment', `${result.experimentId} (${result.state})`],
    ['trials', String(result.trials)],
    ['batches trained', `${result.batches} / ${result.totalBatches}`],
    ['final training loss', lastValue(result, 'training loss')],
    ['final validation loss', lastValue(result, 'validation loss')],
    ['best checkpoint', result.best.uuid],
    ['best validation loss', bestValidationLoss(result)],
    ['downloaded', `${result.downloadedFiles} files, ${formatBytes(result.downloadedBytes)}`],
    ['elapsed', `${(elapsedMs / 1000).toFixed(1)} s`],
  ];
  return table('determined-ts demo: summary', rows);
}
