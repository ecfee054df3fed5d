// The scenarios of the performance issue: each runs the SDK and, where one exists, the raw limit
// on the same bytes, each contender in its own process, and states its target.
import path from 'node:path';
import type { BundleDir, PythonHarness } from './child';
import { type Figure, measure, mibPerSecond, milliseconds, perSecond, speedRatio } from './figures';
import type { ArchiveFixture, BenchManifest, StreamFixture } from './protocol';
import { pythonFigure } from './python-contender';

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
function pythonFields(sdk: Figure, python: Figure | null, quoted: string | null) {
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
const rssBelow = (figure: Figure, megabytes: number) =>
  figure.ok && (figure.peakRssMiB * 1024 * 1024) / MB < megabytes;

async function streamFigures(context: ScenarioContext, fixture: StreamFixture) {
  const args = { url: context.manifest.url, trialId: fixture.trialId, rows: fixture.rows };
  const spec = {
    script: 'metric-stream',
    unit: 'rows/s',
    value: perSecond,
    higherIsBetter: true,
    runs: context.runs,
  };
  const sdk = await measure(context.bundle, {
    ...spec,
    label: '@determined-ts/client iterTrialsMetrics',
    args: { ...args, contender: 'sdk' },
  });
  const raw = await measure(context.bundle, {
    ...spec,
    label: 'fetch + JSON.parse per line',
    args: { ...args, contender: 'raw' },
  });
  const python = await pythonFigure(context, {
    ...spec,
    contender: 'metric-stream',
    label: 'iter_trials_metrics',
    args,
  });
  return { sdk, raw, python, ratio: speedRatio(sdk, raw) };
}

function metricStream(id: string, pick: (manifest: BenchManifest) => StreamFixture, title: string): Scenario {
  return {
    id,
    async run(context) {
      const { sdk, raw, python, ratio } = await streamFigures(context, pick(context.manifest));
      return {
        id,
        title,
        sdk,
        raw,
        others: [],
        ratio,
        ...pythonFields(sdk, python, id === 'metric-stream-1m' ? '216k rows/s' : null),
        target: '>= 0.8x raw, peak RSS < 150 MB, flat from 100k to 1M rows',
        met: ratio !== null && ratio >= 0.8 && rssBelow(sdk, 150),
      };
    },
  };
}

function downloadArgs(context: ScenarioContext, fixture: ArchiveFixture, contender: string) {
  const target = path.join(context.bundle.root, '.bench', 'tmp', `download-${contender}`);
  return { contender, url: context.manifest.url, uuid: fixture.uuid, tarBytes: fixture.tarBytes, target };
}

async function downloadFigures(
  context: ScenarioContext,
  fixture: ArchiveFixture,
  contenders: readonly string[],
) {
  const labels: Record<string, string> = {
    sdk: '@determined-ts/client Checkpoint.download (MASTER)',
    'sdk-direct': '@determined-ts/client Checkpoint.download (DIRECT from s3rver, 16 at a time)',
    raw: 'node:http -> gunzip (1 MiB chunks)',
    curl: 'curl | tar -xz',
  };
  const figures: Figure[] = [];
  for (const contender of contenders) {
    figures.push(
      await measure(context.bundle, {
        label: labels[contender] ?? contender,
        script: 'download',
        args: downloadArgs(context, fixture, contender),
        unit: 'MiB/s',
        value: mibPerSecond,
        higherIsBetter: true,
        runs: context.runs,
      }),
    );
  }
  return figures;
}

const download512: Scenario = {
  id: 'download-512mib',
  async run(context) {
    const [sdk, raw, curl] = await downloadFigures(context, context.manifest.archives.oneFile512MiB, [
      'sdk',
      'raw',
      'curl',
    ]);
    if (sdk === undefined || raw === undefined || curl === undefined) throw new Error('missing figures');
    const ratio = speedRatio(sdk, raw);
    const python = await pythonFigure(context, {
      contender: 'download',
      label: 'Checkpoint.download (MASTER)',
      args: downloadArgs(context, context.manifest.archives.oneFile512MiB, 'python'),
      unit: 'MiB/s',
      value: mibPerSecond,
      higherIsBetter: true,
    });
    return {
      id: this.id,
      title: 'Checkpoint.download MASTER, 512 MiB tgz (one large file)',
      sdk,
      raw,
      others: [curl],
      ratio,
      ...pythonFields(sdk, python, '381 MiB/s'),
      target: '>= 0.85x raw and faster than curl | tar -xz',
      met: ratio !== null && ratio >= 0.85 && sdk.value > curl.value,
    };
  },
};

const download1GiB: Scenario = {
  id: 'download-1gib',
  async run(context) {
    const fixture = context.manifest.archives.oneFile1GiB;
    if (fixture === null) throw new Error('the bench master has no 1 GiB archive');
    const [sdk] = await downloadFigures(context, fixture, ['sdk']);
    if (sdk === undefined) throw new Error('missing figure');
    return {
      id: this.id,
      title: 'Checkpoint.download MASTER, 1 GiB tgz (one large file): memory',
      sdk,
      raw: null,
      others: [],
      ratio: null,
      python: null,
      pythonRatio: null,
      pythonMeasuredEarlier: null,
      target: 'peak RSS < 150 MB',
      met: rssBelow(sdk, 150),
    };
  },
};

const downloadSmallFiles: Scenario = {
  id: 'download-10k-files',
  async run(context) {
    const fixture = context.manifest.archives.smallFiles10k;
    const figures = await downloadFigures(context, fixture, ['sdk', 'raw', 'curl']);
    const [sdk, raw, curl] = figures.map((figure) =>
      figure.ok
        ? { ...figure, extra: { filesPerSecond: Math.round(fixture.files / figure.seconds) } }
        : figure,
    );
    if (sdk === undefined || raw === undefined || curl === undefined) throw new Error('missing figures');
    const filesPerSecond = sdk.ok ? fixture.files / sdk.seconds : 0;
    return {
      id: this.id,
      title: `Checkpoint.download MASTER, ${fixture.files.toLocaleString('en-US')} small files`,
      sdk,
      raw,
      others: [curl],
      ratio: speedRatio(sdk, raw),
      python: null,
      pythonRatio: null,
      pythonMeasuredEarlier: null,
      target: '>= 2,000 files/s',
      met: filesPerSecond >= 2000,
    };
  },
};

/** The storage scenario: DIRECT from s3rver next to MASTER, the same 10,000-file checkpoint. */
const downloadDirectS3: Scenario = {
  id: 'download-direct-s3-10k-files',
  async run(context) {
    const fixture = context.manifest.directS3;
    const [direct, master] = (await downloadFigures(context, fixture, ['sdk-direct', 'sdk'])).map((figure) =>
      figure.ok
        ? { ...figure, extra: { filesPerSecond: Math.round(fixture.files / figure.seconds) } }
        : figure,
    );
    if (direct === undefined || master === undefined) throw new Error('missing figures');
    return {
      id: this.id,
      title: `Checkpoint.download DIRECT from s3rver next to MASTER, the same ${fixture.files.toLocaleString('en-US')} files`,
      sdk: direct,
      raw: null,
      others: [master],
      ratio: null,
      python: null,
      pythonRatio: null,
      pythonMeasuredEarlier: null,
      target: 'both complete (figures only: s3rver answers a few hundred requests/s on 2 cores)',
      met: direct.ok && master.ok,
    };
  },
};

const createExperiment: Scenario = {
  id: 'create-experiment',
  async run(context) {
    const { modelDir } = context.manifest;
    const sdk = await measure(context.bundle, {
      label: '@determined-ts/client createExperiment',
      script: 'create-experiment',
      args: { url: context.manifest.url, modelDir: modelDir.path },
      unit: 's',
      value: (result) => result.seconds,
      higherIsBetter: false,
      runs: context.runs,
    });
    const python = await pythonFigure(context, {
      contender: 'create-experiment',
      label: 'create_experiment',
      args: { url: context.manifest.url, modelDir: modelDir.path },
      unit: 's',
      value: (result) => result.seconds,
      higherIsBetter: false,
    });
    const pythonSeconds = python?.ok ? python.value : 0.69;
    return {
      id: this.id,
      title: `createExperiment, model directory of ${(modelDir.bytes / 1024 / 1024).toFixed(0)} MiB / ${modelDir.files.toLocaleString('en-US')} files`,
      sdk,
      raw: null,
      others: [],
      ratio: null,
      ...pythonFields(sdk, python, '0.69-0.79 s (55 MiB / 2,000 files)'),
      target: python?.ok
        ? `faster than the Python SDK in this run (< ${python.value.toFixed(2)} s)`
        : 'faster than the Python SDK (< 0.69 s, quoted)',
      met: sdk.ok && sdk.value < pythonSeconds,
    };
  },
};

const listExperiments: Scenario = {
  id: 'list-experiments',
  async run(context) {
    const args = { url: context.manifest.url, experiments: context.manifest.experiments };
    const spec = { script: 'list-experiments', unit: 's', value: (r: { seconds: number }) => r.seconds };
    const sdk = await measure(context.bundle, {
      ...spec,
      label: '@determined-ts/client listExperiments',
      args: { ...args, contender: 'sdk' },
      higherIsBetter: false,
      runs: context.runs,
    });
    const raw = await measure(context.bundle, {
      ...spec,
      label: 'fetch + JSON.parse per page',
      args: { ...args, contender: 'raw' },
      higherIsBetter: false,
      runs: context.runs,
    });
    return {
      id: this.id,
      title: `listExperiments, ${context.manifest.experiments.toLocaleString('en-US')} experiments`,
      sdk,
      raw,
      others: [],
      ratio: speedRatio(sdk, raw),
      python: null,
      pythonRatio: null,
      pythonMeasuredEarlier: null,
      target: '< 3 s',
      met: sdk.ok && sdk.value < 3,
    };
  },
};

function coldStart(id: string, getExperiment: boolean): Scenario {
  return {
    id,
    async run(context) {
      const sdk = await measure(context.bundle, {
        label: getExperiment ? 'import + first getExperiment' : "import('@determined-ts/client')",
        script: 'cold-import',
        args: { url: context.manifest.url, experimentId: context.manifest.experimentId, getExperiment },
        unit: 'ms',
        value: milliseconds,
        higherIsBetter: false,
        runs: Math.max(5, context.runs),
        median: true,
      });
      const limit = getExperiment ? 250 : 100;
      return {
        id,
        title: getExperiment
          ? 'first getExperiment in a fresh process (import + login + request)'
          : "cold import('@determined-ts/client') (median of 5 fresh processes)",
        sdk,
        raw: null,
        others: [],
        ratio: null,
        python: null,
        pythonRatio: null,
        pythonMeasuredEarlier: getExperiment ? null : '170 ms (from determined.experimental import client)',
        target: `<= ${limit} ms`,
        met: sdk.ok && sdk.value <= limit,
      };
    },
  };
}

/** Every scenario, in the order they run (listing before createExperiment adds experiments). */
export const scenarios: readonly Scenario[] = [
  metricStream('metric-stream-100k', (m) => m.streams.rows100k, 'iterTrialsMetrics, 100,000 rows'),
  metricStream('metric-stream-1m', (m) => m.streams.rows1m, 'iterTrialsMetrics, 1,000,000 rows'),
  download512,
  download1GiB,
  downloadSmallFiles,
  downloadDirectS3,
  listExperiments,
  createExperiment,
  coldStart('cold-import', false),
  coldStart('first-get-experiment', true),
];
