// The scenarios of the performance issue: each runs the SDK and, where one exists, the raw limit
// on the same bytes, each contender in its own process, and states its target.
import { download1GiB, download512, downloadDirectS3, downloadSmallFiles } from './download-scenarios';
import { measure, milliseconds, perSecond, speedRatio } from './figures';
import type { BenchManifest, StreamFixture } from './protocol';
import { pythonFigure } from './python-contender';
import { pythonFields, rssBelow, type Scenario, type ScenarioContext } from './scenario-types';

export type { Scenario, ScenarioContext, ScenarioResult } from './scenario-types';

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
