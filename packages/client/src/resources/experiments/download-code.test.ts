import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { AbortError } from '../../core/errors';
import type { DownloadProgress } from '../../lib/storage/progress';
import { rawTar } from '../../reliability/tar-bytes';
import { useHarness } from '../../testing/domain-fixtures';
import { Experiment } from './experiment';

const serve = useHarness();
const MODEL_DEF = '/api/v1/experiments/1/model_def';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'det-download-code-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function experimentServing(bytes: Buffer): Promise<Experiment> {
  const { session } = await serve([
    { method: 'GET', path: MODEL_DEF, reply: { json: { b64Tgz: bytes.toString('base64') } } },
  ]);
  return new Experiment(1, session);
}

/** Checks the progress contract: totals fixed, counts monotonic and bounded, 100 ms apart, one final report. */
function expectProgressContract(reports: readonly (DownloadProgress & { at: number })[]): void {
  expect(reports.length).toBeGreaterThan(0);
  for (const [i, report] of reports.entries()) {
    expect(report.bytes).toBeLessThanOrEqual(report.totalBytes);
    expect(report.files).toBeLessThanOrEqual(report.totalFiles);
    const previous = reports[i - 1];
    if (previous === undefined) continue;
    expect(report.bytes).toBeGreaterThanOrEqual(previous.bytes);
    expect(report.totalBytes).toBe(previous.totalBytes);
    // Every report but the final one comes at least 100 ms after the one before.
    if (i < reports.length - 1) expect(report.at - previous.at).toBeGreaterThanOrEqual(99);
  }
}

function recorder() {
  const reports: (DownloadProgress & { at: number })[] = [];
  return { reports, onProgress: (p: DownloadProgress) => reports.push({ ...p, at: performance.now() }) };
}

describe('Experiment.downloadCode progress and cancellation', () => {
  it('reports the archive bytes written, then once more at the end with one file of one', async () => {
    const bytes = randomBytes(2 * 1024 * 1024 + 3);
    const experiment = await experimentServing(bytes);
    const { reports, onProgress } = recorder();
    const file = await experiment.downloadCode({ outputDir: dir, onProgress });
    expect(await readFile(file)).toEqual(bytes);
    expectProgressContract(reports);
    expect(reports.at(-1)).toMatchObject({
      bytes: bytes.length,
      totalBytes: bytes.length,
      files: 1,
      totalFiles: 1,
    });
  });

  it('cancelled while writing rejects with AbortError and leaves neither the file nor a partial one', async () => {
    const experiment = await experimentServing(randomBytes(2 * 1024 * 1024));
    const controller = new AbortController();
    const error = await experiment
      .downloadCode({ outputDir: dir, signal: controller.signal, onProgress: () => controller.abort() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(await readdir(dir)).toEqual([]);
  });

  it('cancelled before it starts rejects with AbortError and writes nothing', async () => {
    const experiment = await experimentServing(randomBytes(16));
    const error = await experiment
      .downloadCode({ outputDir: dir, signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('Experiment.downloadCode with extractTo', () => {
  const files = Array.from({ length: 30 }, (_, i) => ({ path: `src/mod-${i}.py`, body: `x = ${i}\n` }));

  it('extracts the model definition, with progress counting the archive bytes and its files', async () => {
    const archive = gzipSync(rawTar([{ path: 'src/', type: 'Directory' }, ...files]));
    const experiment = await experimentServing(archive);
    const { reports, onProgress } = recorder();
    const target = path.join(dir, 'code');
    await expect(experiment.downloadCode({ extractTo: target, onProgress })).resolves.toBe(target);
    expect((await readdir(path.join(target, 'src'))).length).toBe(files.length);
    await expect(readFile(path.join(target, 'src', 'mod-7.py'), 'utf8')).resolves.toBe('x = 7\n');
    expectProgressContract(reports);
    expect(reports.at(-1)).toMatchObject({
      bytes: archive.length,
      totalBytes: archive.length,
      files: files.length,
      totalFiles: files.length,
    });
    expect(await readdir(dir)).toEqual(['code']);
  });

  it('cancelled while extracting rejects with AbortError and leaves no directory', async () => {
    const big = randomBytes(3 * 1024 * 1024).toString('base64');
    const archive = gzipSync(rawTar([{ path: 'weights.txt', body: big }, ...files]));
    const experiment = await experimentServing(archive);
    const controller = new AbortController();
    const error = await experiment
      .downloadCode({
        extractTo: path.join(dir, 'code'),
        signal: controller.signal,
        onProgress: (p) => {
          if (p.bytes > 0) controller.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(await readdir(dir)).toEqual([]);
  });
});
