import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VirtualClock } from '../state/clock';
import { CheckpointStorage } from './checkpoint-storage';
import { globToRegExp } from './glob';

describe('checkpoint storage', () => {
  let dir: string;
  let storage: CheckpointStorage;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storage-test-'));
    storage = new CheckpointStorage(dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports true sizes as strings with directories ending in /', () => {
    const resources = storage.writeFiles('c1', { 'a.txt': 'hello', 'd/': '', 'd/e/f.bin': '12' });
    expect(resources).toEqual({ 'a.txt': '5', 'd/': '0', 'd/e/': '0', 'd/e/f.bin': '2' });
  });

  it('writes deterministic pseudo-random weights for the same seed', () => {
    storage.writeSimulated('s1', { seed: 9, metadata: {} });
    storage.writeSimulated('s2', { seed: 9, metadata: {} });
    const read = (u: string) => fs.readFileSync(path.join(storage.dir(u), 'state_dict.pth'));
    expect(read('s1')).toEqual(read('s2'));
    expect(read('s1').length).toBeGreaterThanOrEqual(2048);
  });

  it('removes files by glob, including whole directories', () => {
    storage.writeFiles('c2', { 'keep.txt': 'k', 'logs/a.log': 'a', 'logs/deep/b.log': 'b', 'x.bin': 'x' });
    expect(storage.removeFiles('c2', ['**/*.log'])).toEqual({
      'keep.txt': '1',
      'logs/': '0',
      'logs/deep/': '0',
      'x.bin': '1',
    });
    expect(storage.removeFiles('c2', ['logs'])).toEqual({ 'keep.txt': '1', 'x.bin': '1' });
  });

  it('rejects uuids and resource paths that would escape the storage directory', () => {
    expect(() => storage.dir('../etc')).toThrow(RangeError);
    expect(() => storage.writeFiles('c3', { '../../evil': 'x' })).toThrow(RangeError);
  });

  it('writes a sparse file of the requested size for large checkpoints', () => {
    const size = 1024 * 1024 * 1024;
    expect(storage.writeLarge('big', size, {})['state_dict.pth']).toBe(String(size));
    expect(fs.statSync(path.join(storage.dir('big'), 'state_dict.pth')).blocks * 512).toBeLessThan(
      1024 * 1024,
    );
  });
});

describe('globToRegExp', () => {
  it('matches * within a segment, ** across segments and ? as one character', () => {
    expect(globToRegExp('*.txt').test('a.txt')).toBe(true);
    expect(globToRegExp('*.txt').test('d/a.txt')).toBe(false);
    expect(globToRegExp('**/*.txt').test('d/e/a.txt')).toBe(true);
    expect(globToRegExp('**/*.txt').test('a.txt')).toBe(true);
    expect(globToRegExp('/a?.bin').test('ab.bin')).toBe(true);
  });
});

describe('VirtualClock', () => {
  it('advances lazily with real time times speed, plus explicit advances', () => {
    let real = 1000;
    const clock = new VirtualClock({ speed: 10, startMs: 0, realNow: () => real });
    expect(clock.nowMs()).toBe(0);
    real += 5;
    expect(clock.nowMs()).toBe(50);
    clock.advance(7);
    expect(clock.nowMs()).toBe(57);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});
