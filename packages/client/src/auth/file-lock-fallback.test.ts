import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withFileLock, writeFileAtomic } from './file-lock';

// As on a machine where npm skipped fs-ext's native build.
jest.mock('fs-ext', () => {
  throw new Error('Cannot find module build/Release/fs-ext.node');
});

describe('the cache lock without the fs-ext addon', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'det-ts-noflock-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('still serializes writers of this process and writes atomically, warning once that other processes are not excluded', async () => {
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const file = path.join(dir, 'auth.json');
      const order: string[] = [];
      await Promise.all(
        ['a', 'b', 'c'].map((name) =>
          withFileLock(`${file}.lock`, async () => {
            order.push(`${name}:start`);
            await writeFileAtomic(file, name);
            order.push(`${name}:end`);
          }),
        ),
      );
      expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
      expect(await readFile(file, 'utf8')).toBe('c');
      const warnings = emitWarning.mock.calls.map(([warning]) => String(warning));
      expect(warnings.filter((message) => message.includes('fs-ext is not available'))).toHaveLength(1);
    } finally {
      emitWarning.mockRestore();
    }
  });
});
