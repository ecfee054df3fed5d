import type { BigIntStats } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDetignore, mtimeString, sizeofFmt } from './path-utils';

describe('sizeofFmt', () => {
  it.each([
    [0, '0.0B'],
    [512, '512.0B'],
    [1536, '1.5KB'],
    [99_614_720, '95.0MB'],
    [10 * 1024 ** 3, '10.0GB'],
    [1024 ** 8, '1.0YB'],
  ])('formats %d as %s like Python', (bytes, text) => {
    expect(sizeofFmt(bytes)).toBe(text);
  });
});

describe('mtimeString', () => {
  const withNs = (mtimeNs: bigint) => ({ mtimeNs }) as BigIntStats;

  it('truncates to whole seconds', () => {
    expect(mtimeString(withNs(1_700_000_000_750_000_000n))).toBe('1700000000');
  });

  it('truncates negative times toward zero, as int() does', () => {
    expect(mtimeString(withNs(-1_500_000_000n))).toBe('-1');
  });
});

describe('loadDetignore', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'det-ignore-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('works without a .detignore file', async () => {
    const m = await loadDetignore(dir);
    expect(m.ignoresDir('.git')).toBe(true);
    expect(m.ignoresFile('a.py')).toBe(false);
  });

  it('anchors /shared_fs at the root only', async () => {
    const m = await loadDetignore(dir);
    expect(m.ignoresDir('shared_fs')).toBe(true);
    expect(m.ignoresDir('x/shared_fs')).toBe(false);
  });

  it('lets later lines re-include defaults', async () => {
    await writeFile(path.join(dir, '.detignore'), '!*.pyc\n');
    const m = await loadDetignore(dir);
    expect(m.ignoresFile('a.pyc')).toBe(false);
    expect(m.ignoresFile('a.pyo')).toBe(true);
  });
});
