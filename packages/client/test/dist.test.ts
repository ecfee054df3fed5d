// The built packages (dist/, ESM and CommonJS) work as users load them: this catches module
// interop problems that tests on the TypeScript sources cannot see.
import { execFile } from 'node:child_process';
import path from 'node:path';

jest.setTimeout(120_000);

function run(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(__dirname, 'dist-smoke', file)], (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe.each(['workflow.cjs', 'workflow.mjs'])('the built packages loaded by %s', (file) => {
  it('create an experiment, wait, download its best checkpoint through the master and call det.api', async () => {
    const { code, stdout, stderr } = await run(file);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
    expect(result).toMatchObject({
      state: 'STATE_COMPLETED',
      version: '0.38.1',
      operations: 263,
      schema: 'function',
      enum: 'SORT_BY_NAME',
      // tsup keepNames: built classes print as themselves, not `_Checkpoint`.
      classNames: ['Checkpoint', 'Experiment', 'Determined', 'NotFoundError'],
    });
    expect(result.files).toContain('metadata.json');
  });
});
