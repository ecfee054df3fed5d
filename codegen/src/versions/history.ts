import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CodegenError } from '../errors';
import { httpMethods } from '../oas-types';
import { compareVersions, versionFromFileName } from './master-version';

/** One vendored spec of the history: its master version and the operationIds it has. */
export interface HistorySpec {
  readonly version: string;
  readonly file: string;
  readonly sha256: string;
  readonly operationIds: ReadonlySet<string>;
}

/**
 * The operationIds of a Swagger 2.0 or OpenAPI 3 document, read straight from its `paths` (an
 * operation without an id is named `<method> <path>`, as in the operation table).
 */
export function operationIdsOf(document: Record<string, unknown>): Set<string> {
  const ids = new Set<string>();
  const paths = (document.paths ?? {}) as Record<
    string,
    Record<string, { operationId?: string } | undefined>
  >;
  for (const [route, item] of Object.entries(paths)) {
    for (const method of httpMethods) {
      const operation = item?.[method];
      if (operation) ids.add(operation.operationId ?? `${method} ${route}`);
    }
  }
  return ids;
}

/** Read every `determined-<version>.swagger.json` of a directory, oldest version first. */
export async function readHistory(dir: string): Promise<HistorySpec[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new CodegenError(`cannot read --history ${dir}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const specs: HistorySpec[] = [];
  for (const name of names) {
    const version = versionFromFileName(name);
    if (!version) continue;
    const file = path.join(dir, name);
    const text = await readFile(file, 'utf8');
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      throw new CodegenError(`history spec ${file} is not JSON: ${(error as Error).message}`);
    }
    if (typeof document !== 'object' || document === null || !('paths' in document)) {
      throw new CodegenError(`history spec ${file} has no "paths"`);
    }
    const sha256 = createHash('sha256').update(text).digest('hex');
    specs.push({ version, file, sha256, operationIds: operationIdsOf(document as Record<string, unknown>) });
  }
  if (specs.length === 0) {
    throw new CodegenError(`--history ${dir} holds no determined-<version>.swagger.json file`);
  }
  return specs.sort((a, b) => compareVersions(a.version, b.version));
}
