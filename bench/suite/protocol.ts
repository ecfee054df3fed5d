// What the benchmark processes tell each other: the bench master's manifest (printed once on
// stdout) and each contender's one-line JSON result.

/** A seeded metric stream: a trial and the number of rows its stream yields. */
export interface StreamFixture {
  readonly trialId: number;
  readonly rows: number;
  /** Size of the NDJSON body every contender receives. */
  readonly bodyBytes: number;
}

/** A checkpoint whose archive the bench master serves from a recorded file. */
export interface ArchiveFixture {
  readonly uuid: string;
  /** Size of the gzip-compressed tar on the wire. */
  readonly gzipBytes: number;
  /** Size of the uncompressed tar: the figure MiB/s are computed from, for every contender. */
  readonly tarBytes: number;
  /** Regular files in the archive. */
  readonly files: number;
}

/** What the bench master serves, printed as one JSON line once it listens. */
export interface BenchManifest {
  readonly url: string;
  readonly streams: { readonly rows100k: StreamFixture; readonly rows1m: StreamFixture };
  readonly archives: {
    readonly oneFile512MiB: ArchiveFixture;
    readonly oneFile1GiB: ArchiveFixture | null;
    readonly smallFiles10k: ArchiveFixture;
  };
  /** Model directory for createExperiment (50 MiB, 2,000 files). */
  /** The 10,000-file archive's checkpoint, its objects also in s3rver (its config says `s3`). */
  readonly directS3: ArchiveFixture;
  readonly modelDir: { readonly path: string; readonly files: number; readonly bytes: number };
  /** Experiments the listing scenario must return. */
  readonly experiments: number;
  /** An experiment for the first-getExperiment scenario. */
  readonly experimentId: number;
}

/** A contender's result line. */
export interface ContenderResult {
  readonly ok: boolean;
  /** Wall time of the measured part. */
  readonly seconds: number;
  /** Units handled in `seconds` (rows, bytes, files, experiments), checked by the orchestrator. */
  readonly units: number;
  /** Peak resident set size of the contender's process (`process.resourceUsage().maxRSS`). */
  readonly peakRssMiB: number;
  readonly error?: string;
  readonly extra?: Readonly<Record<string, number | string | boolean>>;
}

/** The bench master's fixed login: the mock's default user. */
export const BENCH_USER = 'determined';
/**
 * Its password, set by the bench master: one that meets the complexity rules, so that no SDK
 * prints its weak-password warning into the results (also in `contenders/python-sdk.py`).
 */
export const BENCH_PASSWORD = 'Bench-Master-2026';

/** Peak RSS of this process so far, in MiB with one decimal. */
export function peakRssMiB(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

/** Print the result line and exit with its status. */
export function finish(result: Omit<ContenderResult, 'peakRssMiB'>): void {
  const line: ContenderResult = { ...result, peakRssMiB: peakRssMiB() };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  process.exitCode = result.ok ? 0 : 1;
}

/** Run a contender's body; a thrown error becomes a failed result line. */
export function runContender(body: () => Promise<Omit<ContenderResult, 'peakRssMiB'>>): void {
  body().then(finish, (error: unknown) => {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    finish({ ok: false, seconds: 0, units: 0, error: message });
  });
}

/** The JSON argument every contender receives: the manifest plus scenario-specific fields. */
export function contenderArgs<T>(): T {
  const raw = process.argv[2];
  if (raw === undefined) throw new Error('missing JSON argument');
  return JSON.parse(raw) as T;
}

/** Seconds since `startedMs` (a `performance.now()` value), to the millisecond. */
export function secondsSince(startedMs: number): number {
  return Math.round(performance.now() - startedMs) / 1000;
}

/** Log in to the bench master with plain HTTP; the raw contenders use the token. */
export async function rawLogin(url: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: BENCH_USER, password: BENCH_PASSWORD, isHashed: false }),
  });
  if (!response.ok) throw new Error(`login failed: HTTP ${response.status}`);
  const body = (await response.json()) as { token?: unknown };
  if (typeof body.token !== 'string') throw new Error('login answered without a token');
  return body.token;
}
