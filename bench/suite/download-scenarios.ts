// The checkpoint download scenarios: the SDK in MASTER (and DIRECT) mode, the raw limit and
// `curl | tar -xz` on the same recorded archives, and the Python SDK where it is measured.
import path from 'node:path';
import { type Figure, measure, mibPerSecond, speedRatio } from './figures';
import type { ArchiveFixture } from './protocol';
import { pythonFigure } from './python-contender';
import { pythonFields, rssBelow, type Scenario, type ScenarioContext } from './scenario-types';

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

/** 512 MiB, one large file: speed against the raw limit, curl and the Python SDK. */
export const download512: Scenario = {
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

/** 1 GiB, one large file: the peak RSS of the SDK. */
export const download1GiB: Scenario = {
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

/** 10,000 small files: files per second. */
export const downloadSmallFiles: Scenario = {
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
export const downloadDirectS3: Scenario = {
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
