import path from 'node:path';
import type { Checkpoint, Determined } from '@determined-ts/client';
import { checkpointSize, downloadWithProgress } from './download-progress';
import type { ExperimentSource } from './experiment-source';
import { learningCurve } from './learning-curve';
import { watchTraining } from './monitor';
import type { Series } from './render/chart';
import { formatBytes, progressBar } from './render/progress-bar';
import type { Screen } from './render/screen';

/** What the workflow produced, for the summary. */
export interface WorkflowResult {
  readonly experimentId: number;
  readonly state: string;
  readonly trials: number;
  readonly batches: number;
  readonly totalBatches: number;
  readonly best: Checkpoint;
  readonly curve: readonly Series[];
  readonly downloadedTo: string;
  readonly downloadedBytes: number;
  readonly downloadedFiles: number;
}

/** Options of {@link runWorkflow}. */
export interface WorkflowOptions {
  readonly det: Determined;
  readonly screen: Screen;
  /** The config and model directory to create the experiment from. */
  readonly source: ExperimentSource;
  /** Where the checkpoint goes. */
  readonly workdir: string;
  /** Milliseconds between polls while the experiment trains. */
  readonly intervalMs: number;
}

async function download(best: Checkpoint, target: string, screen: Screen) {
  let last = { bytes: 0, totalBytes: 0, files: 0, totalFiles: 0 };
  const line = (ascii: boolean) =>
    `download ${progressBar({ done: last.bytes, total: last.totalBytes, ascii })} ` +
    `${formatBytes(last.bytes)} / ${formatBytes(last.totalBytes)}, ${last.files}/${last.totalFiles} files`;
  const result = await downloadWithProgress(best, target, (progress) => {
    last = progress;
    screen.live([line(false)]);
  });
  const size = checkpointSize(best);
  if (result.reported) {
    if (screen.animated) screen.commit();
    else screen.line(line(true));
  } else {
    screen.line(`download done: ${formatBytes(size.bytes)} in ${size.files} files`);
  }
  return { ...result, ...size };
}

/**
 * The seed's workflow, shown as it happens: create the experiment, wait for it (watching trial
 * states and training progress meanwhile), take the top checkpoint, download it, and read the
 * learning curve back from the metric streams.
 */
export async function runWorkflow(options: WorkflowOptions): Promise<WorkflowResult> {
  const { det, screen, source, workdir, intervalMs } = options;
  const exp = await det.createExperiment(source.config, { modelDir: source.modelDir });
  screen.line(`started experiment ${exp.id}`);

  const finished = new AbortController();
  const watching = watchTraining({
    det,
    exp,
    batchesPerTrial: source.batchesPerTrial,
    screen,
    intervalMs,
    signal: finished.signal,
  });
  let exitStatus: string;
  try {
    exitStatus = await exp.wait({ intervalMs });
  } finally {
    finished.abort();
  }
  const training = await watching;
  screen.line(`experiment completed with status ${exitStatus}`);

  const best = await exp.topCheckpoint();
  screen.line(`best checkpoint was ${best.uuid}`);
  const downloaded = await download(best, path.join(workdir, 'checkpoints', best.uuid), screen);

  const trialIds = [...training.trialStates.keys()];
  return {
    experimentId: exp.id,
    state: exitStatus,
    trials: trialIds.length,
    batches: training.batches,
    totalBatches: training.totalBatches,
    best,
    curve: await learningCurve(det, trialIds),
    downloadedTo: downloaded.target,
    downloadedBytes: downloaded.bytes,
    downloadedFiles: downloaded.files,
  };
}
