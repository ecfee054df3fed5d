// StrykerJS over the client's core and helper modules (`npm run test:mutation`, not in `npm test`).
// Mutation runs are CPU-heavy: run a few modules at a time, e.g.
//   STRYKER_MODULES=retry,redact npm run test:mutation
// Each module is mutated and tested only with its own unit tests (the fuzz suites are too slow to
// run once per mutant). Scores are recorded in docs/reliability.md.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const preset = require('../../jest.preset.cjs');

/** The files that test the Transport: its own, and those reaching it through streams, TLS and the API client. */
const TRANSPORT_TESTS = [
  'src/core/transport.test.ts',
  'src/core/transport-retries.test.ts',
  'src/core/transport-timeouts.test.ts',
  'src/core/transport-body.test.ts',
  'src/core/stream.test.ts',
  'src/core/api-client.test.ts',
  'src/core/api-client-non-json.test.ts',
  'src/core/transport-mutants.test.ts',
  'src/core/transport-outcome-mutants.test.ts',
  'src/core/transport-attempt-mutants.test.ts',
  'src/core/transport-schema-loading.test.ts',
  'src/core/tls.test.ts',
];

/** Module name → the file mutated and the tests that must kill its mutants. */
const MODULES = {
  retry: [
    'src/core/retry.ts',
    ['src/core/retry.test.ts', 'src/core/retry-mutants.test.ts', 'src/core/transport-retries.test.ts'],
  ],
  redact: [
    'src/core/redact.ts',
    ['src/core/redact.test.ts', 'src/core/redact-mutants.test.ts', 'src/core/logger.test.ts'],
  ],
  'master-url': [
    'src/core/master-url.ts',
    ['src/core/master-url.test.ts', 'src/core/master-url-mutants.test.ts'],
  ],
  ndjson: [
    'src/core/ndjson.ts',
    ['src/core/ndjson.test.ts', 'src/core/ndjson-batches.test.ts', 'src/core/ndjson-mutants.test.ts'],
  ],
  // Its own test files and those that test it through streams and the API client; not
  // transport-lazy-loading.test.ts, which imports the SDK in child processes that never see a mutant.
  transport: ['src/core/transport.ts', TRANSPORT_TESTS],
  // Split out of transport.ts; no test imports them directly, so they are tested through the
  // Transport by the same files as transport.ts (not the child-process lazy-loading test).
  'transport-attempt': ['src/core/transport-attempt.ts', TRANSPORT_TESTS],
  'transport-outcome': ['src/core/transport-outcome.ts', TRANSPORT_TESTS],
  'transport-support': [
    'src/core/transport-support.ts',
    ['src/core/transport-support-mutants.test.ts', 'src/core/transport.test.ts'],
  ],
  'path-utils': [
    'src/lib/path-utils.ts',
    ['src/lib/path-utils.test.ts', 'src/lib/path-utils-mutants.test.ts'],
  ],
  // The archive extraction that left path-utils.ts: its own tests and the hostile-archive corpus.
  'extract-archive': [
    'src/lib/storage/extract-archive.ts',
    [
      'src/lib/path-utils.test.ts',
      'src/reliability/hostile-archive.test.ts',
      'src/lib/storage/extract-archive-mutants.test.ts',
      'src/lib/storage/extract-archive-links.test.ts',
    ],
  ],
  // The temporary directory beside the target and the move into place of every download.
  'atomic-target': [
    'src/lib/storage/atomic-target.ts',
    [
      'src/lib/path-utils.test.ts',
      'src/lib/storage/extract-archive-mutants.test.ts',
      'src/lib/storage/atomic-target-mutants.test.ts',
    ],
  ],
  // The sentence naming what was wrong with an unreadable archive.
  'archive-errors': [
    'src/lib/storage/archive-errors.ts',
    [
      'src/lib/storage/archive-errors.test.ts',
      'src/lib/storage/archive-errors-mutants.test.ts',
      'src/lib/storage/extract-archive-mutants.test.ts',
      'src/reliability/hostile-archive.test.ts',
    ],
  ],
  timestamps: [
    'src/lib/timestamps.ts',
    [
      'src/lib/timestamps.test.ts',
      'src/lib/timestamps-canonical.test.ts',
      'src/lib/timestamps-mutants.test.ts',
    ],
  ],
  'checkpoint-sort': [
    'src/lib/checkpoint-sort.ts',
    ['src/lib/checkpoint-sort.test.ts', 'src/lib/checkpoint-sort-mutants.test.ts'],
  ],
  'token-cache': [
    'src/auth/token-cache.ts',
    ['src/auth/token-cache.test.ts', 'src/auth/token-cache-mutants.test.ts'],
  ],
  'cert-cache': [
    'src/auth/cert-cache.ts',
    ['src/auth/cert-cache.test.ts', 'src/auth/cert-cache-mutants.test.ts'],
  ],
  'file-lock': [
    'src/auth/file-lock.ts',
    [
      'src/auth/file-lock.test.ts',
      'src/auth/file-lock-fallback.test.ts',
      'src/auth/file-lock-mutants.test.ts',
    ],
  ],
  credentials: [
    'src/auth/credentials.ts',
    ['src/auth/credentials.test.ts', 'src/auth/credentials-mutants.test.ts'],
  ],
};

const wanted = (
  process.env.STRYKER_MODULES ?? 'retry,redact,master-url,ndjson,path-utils,timestamps,checkpoint-sort'
)
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
for (const name of wanted) {
  if (!(name in MODULES))
    throw new Error(`unknown STRYKER_MODULES entry ${name}; known: ${Object.keys(MODULES).join(', ')}`);
}
const chosen = wanted.map((name) => MODULES[name]);
const jestConfig = preset(process.cwd());

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  plugins: ['@stryker-mutator/jest-runner'],
  coverageAnalysis: 'perTest',
  concurrency: 1,
  mutate: chosen.map(([file]) => file),
  jest: {
    projectType: 'custom',
    enableFindRelatedTests: false,
    config: {
      ...jestConfig,
      rootDir: '.',
      testMatch: chosen.flatMap(([, tests]) => tests.map((test) => `<rootDir>/${test}`)),
    },
  },
  ignoreStatic: true,
  tempDirName: '../../.tmp/stryker-tmp',
  cleanTempDir: 'always',
  reporters: ['clear-text', 'progress', 'json'],
  // One report per module selection, so a run does not overwrite the last one of another module.
  jsonReporter: { fileName: `../../.tmp/mutation/${wanted.join('+')}.json` },
  thresholds: { high: 90, low: 80, break: null },
  timeoutMS: 5_000,
};
