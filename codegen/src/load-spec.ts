import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CodegenError } from './errors';

/** A spec as loaded: its raw bytes' hash, where it came from, and the parsed document. */
export interface LoadedSpec {
  readonly source: string;
  readonly sha256: string;
  /** Swagger 2.0 or OpenAPI 3.x, as parsed. */
  readonly document: Record<string, unknown>;
}

const MASTER_SPEC_PATH = '/api/v1/api.swagger.json';

/**
 * Resolve `--spec`: an http(s) URL without a path part means a master and is fetched at
 * `<master>/api/v1/api.swagger.json`; any other URL is fetched as is; everything else is a file path.
 */
export function specUrlFor(spec: string): URL | undefined {
  if (!/^https?:\/\//i.test(spec)) return undefined;
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    throw new CodegenError(`--spec ${spec} is not a valid URL`);
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = MASTER_SPEC_PATH;
  return url;
}

async function readSource(spec: string, timeoutMs: number): Promise<{ text: string; source: string }> {
  const url = specUrlFor(spec);
  if (!url) {
    try {
      return { text: await readFile(spec, 'utf8'), source: spec };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CodegenError(`cannot read spec file ${spec}: ${code ?? String(error)}`);
    }
  }
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new CodegenError(`cannot reach ${url.href}: ${cause}. Is the master running and the URL right?`);
  }
  if (!response.ok) {
    throw new CodegenError(
      `${url.href} answered HTTP ${response.status}; expected the master's OpenAPI spec`,
    );
  }
  return { text: await response.text(), source: url.href };
}

/** Load, hash and sanity-check a spec from a path or URL. */
export async function loadSpec(spec: string, options: { timeoutMs?: number } = {}): Promise<LoadedSpec> {
  const { text, source } = await readSource(spec, options.timeoutMs ?? 30_000);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const preview = text.slice(0, 60).replace(/\s+/g, ' ');
    throw new CodegenError(
      `${source} is not JSON (${(error as Error).message}); it starts with "${preview}"`,
    );
  }
  return {
    source,
    sha256: createHash('sha256').update(text).digest('hex'),
    document: checkSpec(document, source),
  };
}

function checkSpec(document: unknown, source: string): Record<string, unknown> {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new CodegenError(`${source} is JSON but not an OpenAPI document (its top level is not an object)`);
  }
  const doc = document as Record<string, unknown>;
  const isSwagger2 = doc.swagger === '2.0';
  const isOpenApi3 = typeof doc.openapi === 'string' && doc.openapi.startsWith('3.');
  if (!isSwagger2 && !isOpenApi3) {
    const found = doc.swagger ?? doc.openapi;
    throw new CodegenError(
      `${source} is not a Swagger 2.0 or OpenAPI 3 document (${found === undefined ? 'no "swagger"/"openapi" field' : `version ${String(found)}`})`,
    );
  }
  if (typeof doc.paths !== 'object' || typeof doc.info !== 'object') {
    throw new CodegenError(`${source} looks like OpenAPI but lacks "paths" or "info"`);
  }
  return doc;
}
