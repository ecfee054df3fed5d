import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { DeterminedError } from '../core/errors';
import { downloadCheckpoint } from '../lib/checkpoint-download';
import { CheckpointState, DownloadMode } from '../lib/enums';
import { MAX_MODEL_DEFINITION_BYTES } from '../lib/model-definition-file';
import { extractArchiveAtomically, UnsafeArchiveEntryError } from '../lib/path-utils';
import { ArchiveExtractionError, CorruptCheckpointError } from '../lib/storage/errors';
import { Experiment } from '../resources/experiments/experiment';
import { useHarness } from '../testing/domain-fixtures';
import { HOSTILE_ARCHIVES, rawTar } from './tar-bytes';

const UUID = '5e1f0c3a-8d2b-4c6e-9a7f-0b1c2d3e4f50';
const serve = useHarness();

let dir: string;
let target: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'det-hostile-'));
  target = path.join(dir, 'parent', 'ckpt');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One way into the extractor, with the subject its errors must name. */
interface EntryPoint {
  readonly name: string;
  /** How its errors begin, e.g. `Checkpoint <uuid> could not be extracted: `. */
  readonly prefix: string;
  /** How a refused entry's error begins. */
  readonly refusal: string;
  /** The class every unreadable archive must reject with. */
  readonly corruptClass: typeof ArchiveExtractionError;
  /** Whether it stops a gzip bomb (needs a known size ceiling). */
  readonly boundsExpansion: boolean;
  extract(bytes: Buffer, format: 'tar' | 'tgz'): Promise<unknown>;
}

function masterDownload(bytes: Buffer, resources: Record<string, string> | null): Promise<string> {
  return downloadCheckpoint({
    checkpoint: {
      uuid: UUID,
      state: CheckpointState.COMPLETED,
      training: { experimentConfig: { checkpoint_storage: { type: 'shared_fs', host_path: '/nowhere' } } },
      metadata: {},
      resources,
    },
    path: target,
    mode: DownloadMode.MASTER,
    fetchArchive: async () => Readable.from([bytes]),
  });
}

const ENTRY_POINTS: readonly EntryPoint[] = [
  {
    name: 'extractArchiveAtomically',
    prefix: 'The upload could not be extracted: ',
    refusal: 'Refusing to extract the upload: ',
    corruptClass: ArchiveExtractionError,
    boundsExpansion: true,
    extract: (bytes, format) =>
      extractArchiveAtomically(Readable.from([bytes]), target, {
        format,
        subject: 'The upload',
        maxExpandedBytes: 16 * 1024 * 1024,
      }),
  },
  {
    name: 'Checkpoint.download MASTER (resources unknown)',
    prefix: `Checkpoint ${UUID} could not be extracted: `,
    refusal: `Refusing to extract checkpoint ${UUID}: `,
    corruptClass: CorruptCheckpointError,
    boundsExpansion: false,
    extract: (bytes) => masterDownload(bytes, null),
  },
  {
    name: 'Checkpoint.download MASTER (resources known)',
    prefix: `Checkpoint ${UUID} could not be extracted: `,
    refusal: `Refusing to extract checkpoint ${UUID}: `,
    corruptClass: CorruptCheckpointError,
    boundsExpansion: true,
    extract: (bytes) => masterDownload(bytes, { 'ok.txt': '2', 'weights.bin': '1024' }),
  },
  {
    name: 'Experiment.downloadCode({ extractTo })',
    prefix: 'The model definition of experiment 1 could not be extracted: ',
    refusal: 'Refusing to extract the model definition of experiment 1: ',
    corruptClass: ArchiveExtractionError,
    boundsExpansion: true,
    extract: async (bytes) => {
      const { session } = await serve([
        {
          method: 'GET',
          path: '/api/v1/experiments/1/model_def',
          reply: { json: { b64Tgz: bytes.toString('base64') } },
        },
      ]);
      return new Experiment(1, session).downloadCode({ extractTo: target });
    },
  },
];

/** Nothing but the (empty) parent may remain: no target, no partial directory, nothing above. */
async function expectNothingLeft(): Promise<void> {
  expect(await readdir(dir)).toStrictEqual(['parent']);
  expect(await readdir(path.join(dir, 'parent'))).toStrictEqual([]);
}

describe.each(ENTRY_POINTS)('the hostile archive corpus through $name', (entry) => {
  const formats = entry.name === 'extractArchiveAtomically' ? (['tar', 'tgz'] as const) : (['tgz'] as const);
  const cases = HOSTILE_ARCHIVES.flatMap(({ name, entries }) =>
    formats.map((format) => {
      const tar = rawTar([{ path: 'ok.txt', body: 'ok' }, ...entries]);
      return { name, format, bytes: format === 'tgz' ? gzipSync(tar) : tar };
    }),
  );

  it.each(cases)('refuses $name ($format) with UnsafeArchiveEntryError and leaves nothing', async (c) => {
    const error = await entry.extract(c.bytes, c.format).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsafeArchiveEntryError);
    expect((error as Error).message.startsWith(entry.refusal)).toBe(true);
    await expectNothingLeft();
  });
});

const valid = gzipSync(
  rawTar([
    { path: 'ok.txt', body: 'ok' },
    { path: 'weights.bin', body: 'w'.repeat(1024) },
  ]),
);
const random = gzipSync(rawTar([{ path: 'weights.bin', body: randomBytes(48 * 1024).toString('hex') }]));
const corrupted = Buffer.from(random);
for (let at = 200; at < corrupted.length - 100; at += 997) corrupted[at] = (corrupted[at] ?? 0) ^ 0x5a;
/**
 * A gzip bomb: the header of a 4 GiB file, then 1 MiB gzip members of zeros (concatenated
 * members are one valid gzip stream) expanding to more than the largest model definition allowed.
 */
function gzipBomb(): Buffer {
  const header = Buffer.alloc(512);
  new tar.Header({
    path: 'bomb.bin',
    type: 'File',
    size: 4 * 1024 ** 3,
    mode: 0o644,
    mtime: new Date(0),
  }).encode(header, 0);
  const zeros = gzipSync(Buffer.alloc(1024 * 1024));
  const members = Math.ceil(MAX_MODEL_DEFINITION_BYTES / (1024 * 1024)) + 4;
  return Buffer.concat([gzipSync(header), ...Array.from({ length: members }, () => zeros)]);
}

const BAD_ARCHIVES: readonly { name: string; bytes: () => Buffer; problem: RegExp; bomb?: boolean }[] = [
  {
    name: 'a body that is not an archive (an HTML error page)',
    bytes: () => Buffer.from('<html><body>502 Bad Gateway</body></html>'),
    problem: /^the body is not a gzip-compressed tar archive$/,
  },
  { name: 'an empty body', bytes: () => Buffer.alloc(0), problem: /^the archive is truncated$/ },
  {
    name: 'a truncated stream',
    bytes: () => valid.subarray(0, Math.floor(valid.length / 2)),
    problem: /^the archive is truncated$/,
  },
  {
    name: 'gzip data that is not a tar archive',
    bytes: () => gzipSync(Buffer.alloc(4096, 0x41)),
    problem: /^the body is not a valid tar archive$/,
  },
  {
    name: 'corrupt gzip data',
    bytes: () => corrupted,
    problem: /^the (?:gzip data is corrupt|body is not a valid tar archive|archive is truncated)$/,
  },
  {
    name: 'a gzip bomb',
    bytes: gzipBomb,
    problem: /^the archive expands beyond \d+ bytes.*gzip bomb/,
    bomb: true,
  },
];

describe.each(ENTRY_POINTS)('unreadable archives through $name', (entry) => {
  const cases = BAD_ARCHIVES.filter((bad) => entry.boundsExpansion || bad.bomb !== true);

  it.each(cases)(
    'rejects $name with a typed error naming what was extracted, leaving nothing',
    async (bad) => {
      const error = await entry.extract(bad.bytes(), 'tgz').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(entry.corruptClass);
      expect(error).toBeInstanceOf(DeterminedError);
      const message = (error as Error).message;
      expect(message.startsWith(entry.prefix)).toBe(true);
      expect(message.slice(entry.prefix.length)).toMatch(bad.problem);
      // Never zlib's or tar's own words.
      expect(message).not.toMatch(/incorrect header check|unexpected end of file|TAR_|Z_/);
      await expectNothingLeft();
    },
    30_000,
  );
});
