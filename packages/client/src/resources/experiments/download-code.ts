/**
 * `Experiment.downloadCode` (Python `download_code`): the experiment's model definition from
 * `GET /api/v1/experiments/{id}/model_def`, written as a `.tar.gz` or extracted.
 */

import { callOptions, type MethodOptions } from '../../core/method-options';
import type { Session } from '../../core/session';
import { writeModelDefinition } from '../../lib/model-definition-file';
import type { ProgressListener } from '../../lib/storage/progress';

/** Options of `Experiment.downloadCode`. */
export interface DownloadCodeOptions extends MethodOptions {
  /** Directory of `exp-<id>_model_def.tar.gz` (`~` expanded, created); default: the current directory. */
  readonly outputDir?: string | undefined;
  /**
   * Extract the model definition into this directory instead of writing the archive (atomically,
   * refusing entries that would land outside it; a bad archive rejects with
   * `ArchiveExtractionError` naming the experiment).
   */
  readonly extractTo?: string | undefined;
  /**
   * Progress `{ bytes, totalBytes, files, totalFiles }` of writing (or extracting) the archive
   * once the master answered, at most every 100 ms and once at the end.
   */
  readonly onProgress?: ProgressListener | undefined;
}

/** Fetch experiment `experimentId`'s model definition and write or extract it. */
export async function downloadCode(
  session: Session,
  experimentId: number,
  options: DownloadCodeOptions = {},
): Promise<string> {
  const response = await session.call('GetModelDef', { path: { experimentId } }, callOptions(options));
  return writeModelDefinition({
    experimentId,
    b64Tgz: response.b64Tgz,
    outputDir: options.outputDir,
    extractTo: options.extractTo,
    onProgress: options.onProgress,
    signal: options.signal,
  });
}
