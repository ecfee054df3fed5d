import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type PlannedEntry, readEntries, statAll } from './model-context-read';
import { ContextTooLargeError } from './model-context-size';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'det-context-read-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Counts the turns of the event loop while `body` runs. */
async function turnsDuring<T>(body: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let running = true;
  const tick = (): void => {
    if (!running) return;
    turns += 1;
    setImmediate(tick);
  };
  setImmediate(tick);
  try {
    return { result: await body(), turns };
  } finally {
    running = false;
  }
}

async function files(count: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) =>
    path.join(root, `f${String(i).padStart(4, '0')}.txt`),
  );
  for (const [i, name] of names.entries()) await writeFile(name, `file ${i}\n`);
  return names;
}

async function planned(abs: string): Promise<PlannedEntry> {
  const stats = await stat(abs, { bigint: true });
  return { path: path.basename(abs), source: abs, size: Number(stats.size), stats };
}

describe('statAll', () => {
  it('gives the stats in order, null for a path that cannot be stat-ed', async () => {
    const [a, b] = await files(2);
    const stats = await statAll([a ?? '', path.join(root, 'missing'), b ?? '']);
    expect(stats.map((s) => (s === null ? null : Number(s.size)))).toEqual([7, null, 7]);
  });

  it('lets the event loop turn between slices of a large directory', async () => {
    const names = await files(640);
    const { result, turns } = await turnsDuring(() => statAll(names));
    expect(result.every((s) => s?.isFile())).toBe(true);
    expect(turns).toBeGreaterThanOrEqual(9);
  });
});

describe('readEntries', () => {
  it('reads files in order, keeps directories, and skips an unreadable file with a warning', async () => {
    const [a, b] = await files(2);
    const entries = [await planned(a ?? ''), await planned(root), await planned(b ?? '')];
    const dir = entries[1] as PlannedEntry;
    entries[1] = { ...dir, path: 'sub', source: null };
    entries.push({ ...(entries[0] as PlannedEntry), path: 'gone.txt', source: path.join(root, 'gone.txt') });
    const warnings: string[] = [];
    const read = await readEntries(entries, (m) => warnings.push(m), 1000);
    expect(read.map((e) => [e.path, e.type, Buffer.from(e.content, 'base64').toString()])).toEqual([
      ['f0000.txt', 48, 'file 0\n'],
      ['sub', 53, ''],
      ['f0001.txt', 48, 'file 1\n'],
    ]);
    expect(warnings).toEqual(["Error reading 'gone.txt', skipping this file."]);
  });

  it('lets the event loop turn while reading many files', async () => {
    const names = await files(640);
    const entries = await Promise.all(names.map(planned));
    const { result, turns } = await turnsDuring(() => readEntries(entries, () => undefined, 1_000_000));
    expect(result).toHaveLength(640);
    expect(turns).toBeGreaterThanOrEqual(9);
  });

  it('fails with ContextTooLargeError when files grew past the limit after they were stat-ed', async () => {
    const [a] = await files(1);
    const entry = await planned(a ?? '');
    await writeFile(a ?? '', 'x'.repeat(100));
    await expect(readEntries([entry], () => undefined, 50)).rejects.toThrow(ContextTooLargeError);
  });
});
