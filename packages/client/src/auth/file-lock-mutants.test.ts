import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

type FileLockModule = typeof import('./file-lock');

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'det-file-lock-mutants-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

type FsExt = 'real' | 'missing' | ((fd: number, flags: string) => void);

/**
 * Run `body` with a fresh copy of file-lock.ts (its fs-ext loader runs once per module instance,
 * on the first lock) that sees the real fs-ext, none, or a stand-in `flockSync`.
 */
async function withFreshFileLock(
  fsExt: FsExt,
  body: (module: FileLockModule) => Promise<void>,
): Promise<void> {
  await jest.isolateModulesAsync(async () => {
    if (fsExt === 'missing') {
      jest.doMock('fs-ext', () => {
        throw new Error('no addon here');
      });
    } else if (fsExt !== 'real') {
      jest.doMock('fs-ext', () => ({ flockSync: fsExt }));
    }
    try {
      await body(await import('./file-lock'));
    } finally {
      jest.dontMock('fs-ext');
    }
  });
}

/** Paths of this process's open file descriptors. */
async function openFiles(): Promise<string[]> {
  const fds = await readdir('/proc/self/fd');
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets;
}

const HOLDER = `
const fs = require('node:fs');
const { flockSync } = require(process.argv[1]);
const fd = fs.openSync(process.argv[2], 'a');
flockSync(fd, 'ex');
console.log('locked');
setTimeout(() => { fs.writeFileSync(process.argv[3], 'done'); flockSync(fd, 'un'); }, 300);
`;

function startHolder(args: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', HOLDER, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve(child);
    });
  });
}

describe('the fs-ext lock of a freshly loaded module', () => {
  it('excludes another process from its first call on', async () => {
    await withFreshFileLock('real', async ({ withFileLock }) => {
      const lockPath = path.join(dir, 'auth.json.lock');
      const marker = path.join(dir, 'released');
      const holder = await startHolder([require.resolve('fs-ext'), lockPath, marker]);
      expect(await withFileLock(lockPath, async () => existsSync(marker))).toBe(true);
      await new Promise((resolve) =>
        holder.exitCode === null ? holder.once('exit', resolve) : resolve(null),
      );
    });
  });

  it('warns once, with a code of its own, when fs-ext cannot be loaded', async () => {
    const warnings: Array<{ message: string; code: unknown }> = [];
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation((warning, options) => {
      const code =
        typeof options === 'object' && options !== null && 'code' in options ? options.code : undefined;
      warnings.push({ message: String(warning), code });
    });
    try {
      await withFreshFileLock('missing', async ({ withFileLock }) => {
        await withFileLock(path.join(dir, 'x.lock'), async () => undefined);
        await withFileLock(path.join(dir, 'x.lock'), async () => undefined);
      });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.code).toBe('DETERMINED_TS_NO_FLOCK');
      expect(warnings[0]?.message).toMatch(/^fs-ext is not available \(no addon here\)/);
    } finally {
      emitWarning.mockRestore();
    }
  });
});

describe('acquiring the flock', () => {
  it.each(['EAGAIN', 'EWOULDBLOCK'])('retries while flock says %s, then runs the callback', async (code) => {
    const calls: string[] = [];
    let busy = 2;
    const flockSync = (_fd: number, flags: string): void => {
      calls.push(flags);
      if (flags === 'exnb' && busy-- > 0) throw Object.assign(new Error('busy'), { code });
    };
    await withFreshFileLock(flockSync, async ({ withFileLock }) => {
      await expect(withFileLock(path.join(dir, 'x.lock'), async () => 'ran')).resolves.toBe('ran');
    });
    expect(calls).toStrictEqual(['exnb', 'exnb', 'exnb', 'un']);
  });

  it('gives up on any other flock error, without running the callback', async () => {
    const flockSync = (): void => {
      throw Object.assign(new Error('input/output error'), { code: 'EIO' });
    };
    const callback = jest.fn(async () => undefined);
    await withFreshFileLock(flockSync, async ({ withFileLock }) => {
      await expect(withFileLock(path.join(dir, 'x.lock'), callback)).rejects.toThrow('input/output error');
    });
    expect(callback).not.toHaveBeenCalled();
  });

  it('passes on a thrown null as it is', async () => {
    const flockSync = (_fd: number, flags: string): void => {
      if (flags === 'exnb') throw null;
    };
    await withFreshFileLock(flockSync, async ({ withFileLock }) => {
      await expect(withFileLock(path.join(dir, 'x.lock'), async () => undefined)).rejects.toBeNull();
    });
  });
});

describe('withFileLock queueing', () => {
  // A flock that always succeeds: the OS lock would otherwise serialize the callers by itself.
  it('queues a caller that arrives while a queued one runs behind it', async () => {
    let active = 0;
    let maxActive = 0;
    const section = async (): Promise<void> => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await new Promise((resolve) => setTimeout(resolve, 10));
      active -= 1;
    };
    await withFreshFileLock(
      () => undefined,
      async ({ withFileLock }) => {
        const lockPath = path.join(dir, 'x.lock');
        let late: Promise<void> | undefined;
        await Promise.all([
          withFileLock(lockPath, section),
          withFileLock(lockPath, async () => {
            late = withFileLock(lockPath, section);
            await section();
          }),
        ]);
        await late;
      },
    );
    expect(maxActive).toBe(1);
  });

  it('closes the lock file when done', async () => {
    const lockPath = path.join(dir, 'closed.lock');
    await withFreshFileLock('real', async ({ withFileLock }) => {
      await withFileLock(lockPath, async () => undefined);
    });
    expect((await openFiles()).filter((target) => target === lockPath)).toStrictEqual([]);
  });
});

describe('writeFileAtomic failures', () => {
  it('removes its temp file when the rename fails, and closes it', async () => {
    const target = path.join(dir, 'auth.json');
    await mkdir(path.join(target, 'occupied'), { recursive: true });
    await withFreshFileLock('real', async ({ writeFileAtomic }) => {
      await expect(writeFileAtomic(target, '{}')).rejects.toMatchObject({ syscall: 'rename' });
    });
    expect(await readdir(dir)).toStrictEqual(['auth.json']);
    expect((await openFiles()).filter((file) => file.startsWith(dir))).toStrictEqual([]);
  });

  it('reports the failed open itself when the directory is missing', async () => {
    await withFreshFileLock('real', async ({ writeFileAtomic }) => {
      await expect(writeFileAtomic(path.join(dir, 'missing', 'auth.json'), '{}')).rejects.toMatchObject({
        code: 'ENOENT',
        syscall: 'open',
      });
    });
  });

  it('stages each write under a name of its own, with the pid in it', async () => {
    const target = path.join(dir, 'certs.json');
    await mkdir(target);
    let temps: string[] = [];
    await withFreshFileLock('real', async ({ writeFileAtomic }) => {
      const failures = await Promise.allSettled([writeFileAtomic(target, 'a'), writeFileAtomic(target, 'b')]);
      temps = failures.map((failure) =>
        failure.status === 'rejected' ? String((failure.reason as { path?: unknown }).path) : '',
      );
    });
    expect(temps).toHaveLength(2);
    for (const temp of temps) {
      expect(path.basename(temp)).toMatch(
        new RegExp(`^certs\\.json\\.${process.pid}\\.[0-9a-f]{12}\\.temp$`),
      );
    }
    expect(temps[0]).not.toBe(temps[1]);
  });
});
