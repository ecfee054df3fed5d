import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compareCodePoints } from '../core/python-json';
import { formatPythonJson, withFileLock, writeFileAtomic } from './file-lock';

const hasPython = spawnSync('python3', ['-c', 'import fcntl'], { stdio: 'ignore' }).status === 0;

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'det-file-lock-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Start `command` and resolve once it printed `locked` (it then holds the flock). */
function startHolder(command: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited early with ${code}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', resolve));
}

const NODE_HOLDER = `
const fs = require('node:fs');
const { flockSync } = require(process.argv[1]);
const fd = fs.openSync(process.argv[2], 'a');
flockSync(fd, 'ex');
console.log('locked');
setTimeout(() => { fs.writeFileSync(process.argv[3], 'done'); flockSync(fd, 'un'); }, 300);
`;

// What Python's `filelock` does on POSIX: flock(LOCK_EX | LOCK_NB) on the lock file.
const PYTHON_HOLDER = `
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
print("locked", flush=True)
time.sleep(0.3)
open(sys.argv[2], "w").write("done")
fcntl.flock(fd, fcntl.LOCK_UN)
`;

const PYTHON_TRY_LOCK = `
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
try:
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    print("acquired")
except BlockingIOError:
    print("busy")
`;

describe('withFileLock', () => {
  it('creates the missing directory with mode 0700 and returns the callback result', async () => {
    const lockPath = path.join(dir, 'nested', 'auth.json.lock');
    await expect(withFileLock(lockPath, async () => 42)).resolves.toBe(42);
    expect((await stat(path.dirname(lockPath))).mode & 0o777).toBe(0o700);
    expect(existsSync(lockPath)).toBe(true);
  });

  it('releases the lock when the callback throws', async () => {
    const lockPath = path.join(dir, 'x.lock');
    await expect(withFileLock(lockPath, async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    await expect(withFileLock(lockPath, async () => 'again')).resolves.toBe('again');
  });

  it('runs callers of one process one at a time, in call order', async () => {
    const lockPath = path.join(dir, 'x.lock');
    let active = 0;
    let maxActive = 0;
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4, 5, 6, 7].map((i) =>
        withFileLock(lockPath, async () => {
          active += 1;
          maxActive = Math.max(maxActive, active);
          await new Promise((resolve) => setTimeout(resolve, 5));
          order.push(i);
          active -= 1;
        }),
      ),
    );
    expect(maxActive).toBe(1);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('waits while another process holds the flock', async () => {
    const lockPath = path.join(dir, 'x.lock');
    const marker = path.join(dir, 'released');
    const holder = await startHolder(process.execPath, [
      '-e',
      NODE_HOLDER,
      require.resolve('fs-ext'),
      lockPath,
      marker,
    ]);
    const sawRelease = await withFileLock(lockPath, async () => existsSync(marker));
    expect(sawRelease).toBe(true);
    await exited(holder);
  });

  (hasPython ? it : it.skip)(
    'waits while a Python process holds the lock the way filelock does',
    async () => {
      const lockPath = path.join(dir, 'auth.json.lock');
      const marker = path.join(dir, 'released');
      const holder = await startHolder('python3', ['-c', PYTHON_HOLDER, lockPath, marker]);
      const sawRelease = await withFileLock(lockPath, async () => existsSync(marker));
      expect(sawRelease).toBe(true);
      await exited(holder);
    },
  );

  (hasPython ? it : it.skip)('keeps a Python filelock-style locker out while held', async () => {
    const lockPath = path.join(dir, 'auth.json.lock');
    const tryLock = () => spawnSync('python3', ['-c', PYTHON_TRY_LOCK, lockPath]).stdout.toString().trim();
    expect(await withFileLock(lockPath, async () => tryLock())).toBe('busy');
    expect(tryLock()).toBe('acquired');
  });
});

describe('writeFileAtomic', () => {
  it('writes the text with mode 0600 through a temp file of its own, leaving the CLI staging file alone', async () => {
    const file = path.join(dir, 'auth.json');
    await writeFile(`${file}.temp`, 'stale', { mode: 0o644 });
    await writeFileAtomic(file, '{}');
    expect(await readFile(file, 'utf8')).toBe('{}');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(`${file}.temp`, 'utf8')).toBe('stale');
    expect((await readdir(dir)).sort()).toStrictEqual(['auth.json', 'auth.json.temp']);
  });

  it('replaces an existing file', async () => {
    const file = path.join(dir, 'certs.json');
    await writeFile(file, 'old');
    await writeFileAtomic(file, 'new', { mode: 0o644 });
    expect(await readFile(file, 'utf8')).toBe('new');
    expect((await stat(file)).mode & 0o777).toBe(0o644);
  });
});

describe('formatPythonJson', () => {
  it('reproduces json.dump(indent=4, sort_keys=True) byte for byte', () => {
    const value = {
      version: 2,
      masters: new Map([
        ['http://b:80', { tokens: {} }],
        [
          'http://a:80',
          { active_user: 'z', tokens: { é: 'x\u007f\u0001', b: 't', a: 's', '\u{1F600}': 'y' } },
        ],
      ]),
      e: [],
      n: [1, 2.5, null, true],
    };
    // Output of CPython 3.11 for the same object.
    const python = [
      '{',
      '    "e": [],',
      '    "masters": {',
      '        "http://a:80": {',
      '            "active_user": "z",',
      '            "tokens": {',
      '                "a": "s",',
      '                "b": "t",',
      '                "\\u00e9": "x\\u007f\\u0001",',
      '                "\\ud83d\\ude00": "y"',
      '            }',
      '        },',
      '        "http://b:80": {',
      '            "tokens": {}',
      '        }',
      '    },',
      '    "n": [',
      '        1,',
      '        2.5,',
      '        null,',
      '        true',
      '    ],',
      '    "version": 2',
      '}',
    ].join('\n');
    expect(formatPythonJson(value)).toBe(python);
  });

  it('escapes quotes, backslashes and control characters like Python', () => {
    expect(formatPythonJson('a"b\\c\n\r\t\b\f')).toBe('"a\\"b\\\\c\\n\\r\\t\\b\\f"');
  });

  it('keeps a __proto__ key of a Map as an ordinary key', () => {
    expect(formatPythonJson(new Map([['__proto__', 'x']]))).toBe('{\n    "__proto__": "x"\n}');
  });
});

describe('compareCodePoints', () => {
  it('orders astral characters after high BMP characters, as Python does', () => {
    expect(['\u{1F600}', '\uFF21', 'a'].sort(compareCodePoints)).toEqual(['a', '\uFF21', '\u{1F600}']);
  });
});
