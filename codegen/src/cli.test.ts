import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, spec0370, spec0381 } from '@test-support/vendored';
import { runCli } from './testing/run-cli';

// Each case spawns the generator; keep generous limits for a loaded 2-core machine.
jest.setTimeout(180_000);

const run = (args: string[]) => runCli(args);
const history = path.join(repoRoot, 'openapi');

async function readAll(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of (await readdir(dir)).sort())
    files.set(name, await readFile(path.join(dir, name), 'utf8'));
  return files;
}

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'determined-codegen-'));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('determined-codegen input errors', () => {
  it('requires --spec and prints usage', async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--spec is required');
    expect(result.stderr).toContain('Usage: determined-codegen');
  });

  it('says clearly when the spec file does not exist', async () => {
    const result = await run(['--spec', path.join(scratch, 'nope.json'), '--out', scratch]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read spec file .*nope\.json: ENOENT/);
  });

  it('rejects a body that is not JSON', async () => {
    const file = path.join(scratch, 'spec.json');
    await writeFile(file, '<html>not a spec</html>');
    const result = await run(['--spec', file, '--out', scratch]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not JSON');
    expect(result.stderr).toContain('<html>');
  });

  it('rejects JSON that is not Swagger 2.0 or OpenAPI 3', async () => {
    const file = path.join(scratch, 'spec.json');
    await writeFile(file, JSON.stringify({ swagger: '1.2', paths: {} }));
    const result = await run(['--spec', file, '--out', scratch]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not a Swagger 2.0 or OpenAPI 3 document (version 1.2)');
  });

  it('says which URL could not be reached', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const result = await run(['--spec', `http://127.0.0.1:${port}`, '--out', scratch]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot reach http://127.0.0.1:${port}/api/v1/api.swagger.json`);
  });
});

describe('determined-codegen output', () => {
  it('generates the same bytes twice from the same spec (0.37.0 into a temp dir)', async () => {
    const first = path.join(scratch, 'first');
    const second = path.join(scratch, 'second');
    expect((await run(['--spec', spec0370, '--out', first])).code).toBe(0);
    expect((await run(['--spec', spec0370, '--out', second])).code).toBe(0);
    const a = await readAll(first);
    const b = await readAll(second);
    expect([...a.keys()]).toEqual([
      'openapi.ts',
      'operation-table.ts',
      'operation-versions.ts',
      'schemas.ts',
      'spec.lock.json',
    ]);
    expect(b).toEqual(a);
    expect(a.get('operation-table.ts')).toContain('"operationId":"GetExperiment"');
  });

  it('starts every generated file with a DO-NOT-EDIT header naming the spec and its sha256', async () => {
    expect((await run(['--spec', spec0381, '--out', scratch])).code).toBe(0);
    const lock = JSON.parse(await readFile(path.join(scratch, 'spec.lock.json'), 'utf8'));
    for (const name of ['openapi.ts', 'operation-table.ts', 'operation-versions.ts', 'schemas.ts']) {
      const text = await readFile(path.join(scratch, name), 'utf8');
      expect(text.startsWith('// DO NOT EDIT.')).toBe(true);
      expect(text).toContain(`"Determined API (Beta)" version 0.1, sha256 ${lock.spec.sha256}`);
      expect(text).toContain('@determined-ts/codegen 0.1.0');
    }
    expect(lock.spec).toMatchObject({ operations: 263, definitions: 543 });
  });

  it('fetches <master>/api/v1/api.swagger.json when given a master URL', async () => {
    const spec = await readFile(spec0381);
    const seen: string[] = [];
    const server: Server = createServer((request, response) => {
      seen.push(request.url ?? '');
      response.setHeader('content-type', 'application/json');
      response.end(request.url === '/info' ? JSON.stringify({ version: '0.38.1' }) : spec);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const fromUrl = path.join(scratch, 'url');
      const fromFile = path.join(scratch, 'file');
      expect((await run(['--spec', `http://127.0.0.1:${port}`, '--out', fromUrl])).code).toBe(0);
      expect((await run(['--spec', spec0381, '--out', fromFile])).code).toBe(0);
      expect(seen).toEqual(['/api/v1/api.swagger.json', '/info']);
      expect(await readAll(fromUrl)).toEqual(await readAll(fromFile));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('--check passes on the committed bindings and fails with a summary after a hand edit', async () => {
    const committed = await run(['--check', '--spec', spec0381, '--history', history]);
    expect(committed.stderr).toBe('');
    expect(committed.code).toBe(0);
    expect((await run(['--spec', spec0381, '--out', scratch])).code).toBe(0);
    const file = path.join(scratch, 'schemas.ts');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('const v1Experiment = lazy(', 'const v1Experimentt = lazy('));
    await writeFile(path.join(scratch, 'hand-written.ts'), 'export {};\n');
    const result = await run(['--check', '--spec', spec0381, '--out', scratch]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('changed: ');
    expect(result.stderr).toMatch(/schemas\.ts\n\s+1 line\(s\) differ, first at line \d+/);
    expect(result.stderr).toContain('v1Experimentt');
    expect(result.stderr).toMatch(/extra: .*hand-written\.ts/);
    expect(result.stderr).not.toContain('spec.lock.json');
  });
});
