// The bindings' schemas entry is built with its own copy of zod (one file loads faster than zod's
// ~100 ES modules). Validation must say exactly the same with those schemas as with schemas built
// by the application's zod: same acceptance, same ValidationError texts, same warnings.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { schemas as sourceSchemas } from '@determined-ts/bindings/schemas';
import { repoRoot } from '@test-support/vendored';
import { build } from 'esbuild';
import { z } from 'zod';
import { warningLogger } from '../testing/warning-logger';
import { ResponseValidator, type SchemaRegistry, type ValidationMode } from './validation';

let dir: string;
let bundled: SchemaRegistry;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'bundled-schemas-'));
  const outfile = path.join(dir, 'schemas.cjs');
  // As the bindings' build makes the schemas entry: zod inlined, not imported.
  await build({
    entryPoints: [path.join(repoRoot, 'packages/bindings/src/schemas.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    logLevel: 'silent',
  });
  bundled = (require(outfile) as { schemas: SchemaRegistry }).schemas;
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const user = {
  id: 1,
  username: 'determined',
  admin: false,
  active: true,
  remote: false,
  displayName: '',
  modifiedAt: '2026-11-29T13:15:08.585Z',
  lastAuthAt: '2026-11-29T13:15:11.043Z',
  agentUserGroup: null,
};

const bodies: Record<string, unknown> = {
  valid: { token: 't', user },
  'wrong type': { token: 't', user: { ...user, id: '1' } },
  'unknown field': { token: 't', user: { ...user, shoeSize: 44 }, extra: [1] },
  'missing field': { user },
  'not an object': [1, 2],
  'several problems': { token: 1, user: { ...user, admin: 'no', active: null, remote: 3 } },
};

type Said = { readonly thrown?: string; readonly warnings: readonly string[] };

function validate(registry: SchemaRegistry, body: unknown, mode: ValidationMode): Said {
  const logger = warningLogger();
  const schema = registry.v1LoginResponse;
  if (!schema) throw new Error('v1LoginResponse missing from the registry');
  try {
    new ResponseValidator({ mode, logger }).check(body, schema, {
      schemaName: 'v1LoginResponse',
      source: 'POST /api/v1/auth/login',
    });
  } catch (error) {
    return { thrown: String(error), warnings: logger.warnings };
  }
  return { warnings: logger.warnings };
}

describe('schemas built with their own copy of zod', () => {
  it('load no zod module, and the application zod still recognizes them as its schemas', () => {
    expect(readFileSync(path.join(dir, 'schemas.cjs'), 'utf8')).not.toMatch(/require\("zod/);
    expect(bundled.v1LoginResponse).not.toBe(sourceSchemas.v1LoginResponse);
    // zod 4's instanceof goes by traits, not by class identity.
    expect(bundled.v1LoginResponse).toBeInstanceOf(z.ZodType);
  });

  it.each(Object.keys(bodies))('give the same strict error and warnings for a %s body', (name) => {
    const body = bodies[name];
    for (const mode of ['strict', 'warn'] as const) {
      const expected = validate(sourceSchemas, body, mode);
      expect(validate(bundled, body, mode)).toEqual(expected);
      if (name === 'valid') expect(expected).toEqual({ warnings: [] });
      else if (mode === 'strict') expect(expected.thrown).toMatch(/^ValidationError: response of POST/);
      else expect(expected.warnings.length).toBeGreaterThan(0);
    }
  });
});
