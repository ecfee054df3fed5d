import path from 'node:path';
import { CodegenError } from '../errors';
import { type LoadedSpec, specUrlFor } from '../load-spec';
import type { HistorySpec } from './history';
import { parseVersionCore, versionFromFileName } from './master-version';

/** Where the master version of the spec being generated comes from. */
export interface SpecVersionSources {
  /** `--spec` as given: a file path, a URL, or a master URL. */
  readonly specArgument: string;
  readonly spec: LoadedSpec;
  /** `--spec-version`, if given. */
  readonly explicit: string | undefined;
  readonly history: readonly HistorySpec[];
  readonly timeoutMs?: number;
}

async function versionFromMaster(url: URL, timeoutMs: number): Promise<string | undefined> {
  const info = new URL('/info', url);
  try {
    const response = await fetch(info, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { version?: unknown };
    return typeof body.version === 'string' ? body.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The master version the spec belongs to: `--spec-version`, else the vendored file name
 * (`determined-<version>.swagger.json`), else a history spec with the same bytes, else (for a master
 * URL) the `version` the master reports at `GET /info`.
 */
export async function resolveSpecVersion(sources: SpecVersionSources): Promise<string> {
  const { specArgument, spec, explicit, history } = sources;
  if (explicit !== undefined) {
    if (!parseVersionCore(explicit)) throw new CodegenError(`--spec-version ${explicit} is not a version`);
    return explicit;
  }
  const url = specUrlFor(specArgument);
  const fromName = url ? undefined : versionFromFileName(path.basename(specArgument));
  if (fromName) return fromName;
  const same = history.find((entry) => entry.sha256 === spec.sha256);
  if (same) return same.version;
  const isMaster = url !== undefined && !/^https?:\/\/[^/]+\/./i.test(specArgument);
  const fromMaster = isMaster ? await versionFromMaster(url, sources.timeoutMs ?? 30_000) : undefined;
  if (fromMaster && parseVersionCore(fromMaster)) return fromMaster;
  throw new CodegenError(
    `cannot tell which master version ${spec.source} belongs to: pass --spec-version <version> ` +
      '(or name the file determined-<version>.swagger.json)',
  );
}
