import type { Checkpoint, CheckpointDownloadOptions } from '@determined-ts/client';

/**
 * What `Checkpoint.download({ onProgress })` reports while it writes a checkpoint. The option is
 * being added to the SDK; until `CheckpointDownloadOptions` has it, this local type lets the demo
 * pass it (an SDK that ignores it simply never calls back, and the demo prints a final line).
 */
export interface DownloadProgress {
  /** Bytes written so far. */
  bytes: number;
  /** Bytes of the whole checkpoint. */
  totalBytes: number;
  /** Files written so far. */
  files: number;
  /** Files of the whole checkpoint. */
  totalFiles: number;
}

/** `CheckpointDownloadOptions` with the progress callback. */
export type DownloadWithProgressOptions = CheckpointDownloadOptions & {
  onProgress?: (progress: DownloadProgress) => void;
};

/** What a download wrote, from the checkpoint's `resources` (file path → size; dirs end in `/`). */
export function checkpointSize(checkpoint: Checkpoint): { bytes: number; files: number } {
  const entries = Object.entries(checkpoint.resources ?? {}).filter(([name]) => !name.endsWith('/'));
  return { bytes: entries.reduce((sum, [, size]) => sum + Number(size), 0), files: entries.length };
}

/**
 * Downloads `checkpoint` into `path`, reporting progress to `onProgress`. Resolves with the target
 * directory and whether the SDK reported any progress.
 */
export async function downloadWithProgress(
  checkpoint: Checkpoint,
  path: string,
  onProgress: (progress: DownloadProgress) => void,
): Promise<{ target: string; reported: boolean }> {
  let reported = false;
  const options: DownloadWithProgressOptions = {
    path,
    onProgress: (progress) => {
      reported = true;
      onProgress(progress);
    },
  };
  const target = await checkpoint.download(options);
  return { target, reported };
}
