import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvalidArgumentError } from '../core/errors';
import { pythonJsonDumps, writeMetadataFile } from './checkpoint-download';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'det-metadata-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeMetadataFile', () => {
  it('writes json.dump(indent=2) output without a trailing newline', async () => {
    const file = path.join(root, 'metadata.json');
    await writeMetadataFile(file, { framework: 'torch', steps: 100 });
    await expect(readFile(file, 'utf8')).resolves.toBe('{\n  "framework": "torch",\n  "steps": 100\n}');
  });

  it('writes null metadata as null', async () => {
    const file = path.join(root, 'metadata.json');
    await writeMetadataFile(file, null);
    await expect(readFile(file, 'utf8')).resolves.toBe('null');
  });

  // Expected strings were produced by CPython 3.11 json.dumps(value, indent=2) of the value parsed from
  // the master's JSON (which writes numbers as JavaScript does: digit-only text is a Python int).
  it('formats numbers like Python', () => {
    const value = {
      a: 1e16,
      b: 1.5e-5,
      c: 0.0001,
      d: 1.5e-300,
      d2: 123456789012345680,
      e: 5,
      g: 1e21,
      h: 123.456,
      i: 1e-7,
      j: 0.1 + 0.2,
      k: Number.NaN,
      l: Number.NEGATIVE_INFINITY,
    };
    expect(pythonJsonDumps(value)).toBe(
      '{\n  "a": 10000000000000000,\n  "b": 1.5e-05,\n  "c": 0.0001,\n  "d": 1.5e-300,\n' +
        '  "d2": 123456789012345680,\n' +
        '  "e": 5,\n  "g": 1e+21,\n  "h": 123.456,\n  "i": 1e-07,\n  "j": 0.30000000000000004,\n' +
        '  "k": NaN,\n  "l": -Infinity\n}',
    );
  });

  it('escapes non-ASCII and control characters like ensure_ascii, nesting like Python', () => {
    const value = {
      s: 'é😀\x7f\x00\x1f\u2028"\\/\t\n\r\b\f',
      n: null,
      e: [],
      o: {},
      l: [1, [2, {}], { x: [] }],
    };
    expect(pythonJsonDumps(value)).toBe(
      '{\n  "s": "\\u00e9\\ud83d\\ude00\\u007f\\u0000\\u001f\\u2028\\"\\\\/\\t\\n\\r\\b\\f",\n' +
        '  "n": null,\n  "e": [],\n  "o": {},\n  "l": [\n    1,\n    [\n      2,\n      {}\n    ],\n' +
        '    {\n      "x": []\n    }\n  ]\n}',
    );
  });

  it('escapes non-ASCII keys and skips undefined values', () => {
    expect(pythonJsonDumps({ ключ: true, gone: undefined })).toBe(
      '{\n  "\\u043a\\u043b\\u044e\\u0447": true\n}',
    );
  });

  it('rejects values JSON cannot represent', () => {
    expect(() => pythonJsonDumps({ m: new Map() })).toThrow(
      new InvalidArgumentError('Object of type Map is not JSON serializable'),
    );
  });
});
