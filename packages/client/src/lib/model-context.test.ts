import { chmod, mkdir, mkdtemp, open, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvalidArgumentError } from '../core/errors';
import {
  buildModelDefinition,
  ContextTooLargeError,
  MAX_CONTEXT_SIZE,
  type ModelDefinitionEntry,
} from './model-context';

let root: string;

async function tree(base: string, files: Record<string, string | null>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(base, rel);
    if (content === null) {
      await mkdir(abs, { recursive: true });
    } else {
      await mkdir(path.dirname(abs), { recursive: true });
      await writeFile(abs, content);
    }
  }
}

function quietLogger() {
  return { warn: jest.fn<void, [string]>(), info: jest.fn<void, [string]>() };
}

const paths = (entries: readonly ModelDefinitionEntry[]): string[] => entries.map((e) => e.path);

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'det-context-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('buildModelDefinition entries', () => {
  it('describes files and directories exactly', async () => {
    const model = path.join(root, 'model');
    await tree(model, { 'main.py': 'print(1)\n', pkg: null, 'pkg/a.py': '' });
    await chmod(path.join(model, 'main.py'), 0o644);
    await chmod(path.join(model, 'pkg'), 0o755);
    await utimes(path.join(model, 'main.py'), 1700000000.75, 1700000000.75);
    await utimes(path.join(model, 'pkg'), 1600000000, 1600000000);
    const entries = await buildModelDefinition({ modelDir: model, logger: quietLogger() });
    expect(entries).toEqual([
      { path: 'pkg', type: 53, content: '', mtime: '1600000000', mode: 0o40755, uid: 0, gid: 0 },
      {
        path: 'main.py',
        type: 48,
        content: Buffer.from('print(1)\n').toString('base64'),
        mtime: '1700000000',
        mode: 0o100644,
        uid: 0,
        gid: 0,
      },
      expect.objectContaining({ path: 'pkg/a.py', type: 48, content: '' }),
    ]);
  });

  it('walks top-down with directories before files in each directory', async () => {
    await tree(root, { b: null, 'z.txt': 'z', 'a/c/g.txt': 'g', 'a/f.txt': 'f', 'b/h.txt': 'h' });
    const entries = await buildModelDefinition({ modelDir: root, logger: quietLogger() });
    expect(paths(entries)).toEqual(['a', 'b', 'z.txt', 'a/c', 'a/f.txt', 'a/c/g.txt', 'b/h.txt']);
  });

  it('lists symlinked directories without descending, reads symlinked files, skips dangling links', async () => {
    const outside = path.join(root, 'outside');
    const model = path.join(root, 'model');
    await tree(outside, { 'secret.txt': 'hidden', 'real.txt': 'through the link' });
    await mkdir(model);
    await symlink(outside, path.join(model, 'linked-dir'));
    await symlink(path.join(outside, 'real.txt'), path.join(model, 'linked.txt'));
    await symlink(path.join(root, 'nowhere'), path.join(model, 'dangling.txt'));
    const logger = quietLogger();
    const entries = await buildModelDefinition({ modelDir: model, logger });
    expect(paths(entries)).toEqual(['linked-dir', 'linked.txt']);
    expect(entries[0]?.type).toBe(53);
    expect(Buffer.from(entries[1]?.content ?? '', 'base64').toString()).toBe('through the link');
    expect((entries[1]?.mode ?? 0) & 0o170000).toBe(0o100000);
    expect(logger.warn).toHaveBeenCalledWith("Error reading 'dangling.txt', skipping this file.");
  });

  it('logs the size summary', async () => {
    await tree(root, { 'a.txt': 'abcd' });
    const logger = quietLogger();
    await buildModelDefinition({ modelDir: root, logger });
    expect(logger.info).toHaveBeenCalledWith('Preparing files to send to master... 6.0B and 1 files');
  });
});

describe('buildModelDefinition ignore rules', () => {
  it('applies the default ignore list', async () => {
    await tree(root, {
      'keep.py': '',
      'x.pyc': '',
      'x$py.class': '',
      '__pycache__/m.cpython-311.pyc': '',
      '.git/HEAD': '',
      '.vscode/settings.json': '',
      '.idea/x': '',
      '.mypy_cache/x': '',
      'terraform.tfstate.backup': '',
      'sub/terraform': '',
      '.terraform.lock.hcl': '',
      'shared_fs/data': '',
      'sub/shared_fs/data': '',
    });
    const entries = await buildModelDefinition({ modelDir: root, logger: quietLogger() });
    expect(paths(entries).sort()).toEqual(['keep.py', 'sub', 'sub/shared_fs', 'sub/shared_fs/data'].sort());
  });

  it("reads only the root's .detignore, excludes every .detignore, and allows re-includes", async () => {
    await tree(root, {
      '.detignore': '# comment\n*.log\nbuild/\ndata\n!keep.pyc\n',
      'keep.pyc': '',
      'drop.pyc': '',
      'run.log': '',
      'RUN.LOG': '',
      'build/out.bin': '',
      'data/x.csv': '',
      'sub/data': '',
      'sub/.detignore': 'keep.txt\n',
      'sub/keep.txt': '',
      'sub/build.txt': '',
    });
    const entries = await buildModelDefinition({ modelDir: root, logger: quietLogger() });
    expect(paths(entries).sort()).toEqual(
      ['RUN.LOG', 'keep.pyc', 'sub', 'sub/build.txt', 'sub/keep.txt'].sort(),
    );
  });

  it('prunes a directory matched only with its trailing slash', async () => {
    await tree(root, { '.detignore': 'logs/\n', 'logs/a.txt': '', 'x/logs/b.txt': '', 'logs.txt': '' });
    const entries = await buildModelDefinition({ modelDir: root, logger: quietLogger() });
    expect(paths(entries).sort()).toEqual(['logs.txt', 'x']);
  });
});

describe('buildModelDefinition includes', () => {
  it('adds a file include by basename and a directory include with its contents', async () => {
    const model = path.join(root, 'model');
    await tree(model, { 'train.py': '' });
    await tree(path.join(root, 'extra'), {
      'util.py': 'u',
      lib: null,
      'lib/x.py': '',
      '.detignore': 'skip.py\n',
      'skip.py': '',
    });
    await tree(root, { 'other/config.yaml': 'c: 1\n' });
    const entries = await buildModelDefinition({
      modelDir: model,
      includes: [path.join(root, 'other', 'config.yaml'), path.join(root, 'extra')],
      logger: quietLogger(),
    });
    expect(paths(entries)).toEqual([
      'train.py',
      'config.yaml',
      'extra',
      'extra/lib',
      'extra/util.py',
      'extra/lib/x.py',
    ]);
    expect(entries[2]?.type).toBe(53);
  });

  it('names a symlinked include after its target', async () => {
    await tree(root, { 'model/a.py': '', 'real-name.txt': 'r' });
    await symlink(path.join(root, 'real-name.txt'), path.join(root, 'alias.txt'));
    const entries = await buildModelDefinition({
      modelDir: path.join(root, 'model'),
      includes: [path.join(root, 'alias.txt')],
      logger: quietLogger(),
    });
    expect(paths(entries)).toEqual(['a.py', 'real-name.txt']);
  });

  it('rejects an include colliding with a model-dir entry', async () => {
    await tree(root, { 'model/util.py': '', 'lib/util.py': '' });
    await expect(
      buildModelDefinition({
        modelDir: path.join(root, 'model'),
        includes: [path.join(root, 'lib', 'util.py')],
      }),
    ).rejects.toThrow(new InvalidArgumentError("duplicate path detected: 'util.py'"));
  });

  it('lists several duplicate names', async () => {
    await tree(root, { 'model/a.py': '', 'model/b': null, 'x/a.py': '', 'y/b/c.py': '' });
    await expect(
      buildModelDefinition({
        modelDir: path.join(root, 'model'),
        includes: [path.join(root, 'x', 'a.py'), path.join(root, 'y', 'b')],
        logger: quietLogger(),
      }),
    ).rejects.toThrow(new InvalidArgumentError("duplicate paths detected: ['b', 'a.py']"));
  });

  it('rejects an include without a name', async () => {
    await expect(
      buildModelDefinition({ modelDir: root, includes: ['/'], logger: quietLogger() }),
    ).rejects.toThrow(new InvalidArgumentError("unable to determine the name of include '/'"));
  });
});

describe('buildModelDefinition argument errors', () => {
  it('rejects a file as modelDir', async () => {
    await tree(root, { 'f.py': '' });
    await expect(buildModelDefinition({ modelDir: path.join(root, 'f.py') })).rejects.toThrow(
      /must be a directory/,
    );
  });

  it('rejects a missing modelDir or include', async () => {
    await expect(buildModelDefinition({ modelDir: path.join(root, 'nope') })).rejects.toThrow(
      new InvalidArgumentError(`Path '${path.join(root, 'nope')}' doesn't exist`),
    );
    await expect(
      buildModelDefinition({ modelDir: root, includes: [path.join(root, 'gone')] }),
    ).rejects.toThrow(`Path '${path.join(root, 'gone')}' doesn't exist`);
  });
});

describe('buildModelDefinition size limit', () => {
  it('counts each file as floor(len(base64)/4)*3 bytes', async () => {
    await tree(root, { 'four.bin': 'abcd' });
    await expect(
      buildModelDefinition({ modelDir: root, limit: 6, logger: quietLogger() }),
    ).resolves.toHaveLength(1);
    await expect(buildModelDefinition({ modelDir: root, limit: 5, logger: quietLogger() })).rejects.toThrow(
      ContextTooLargeError,
    );
  });

  it('names the five largest files, biggest first', async () => {
    await tree(root, {
      'a.bin': 'x'.repeat(10),
      'b.bin': 'x'.repeat(60),
      'c.bin': 'x'.repeat(30),
      'd/e.bin': 'x'.repeat(50),
      'f.bin': 'x'.repeat(20),
      'g.bin': 'x'.repeat(40),
    });
    const error = (await buildModelDefinition({ modelDir: root, limit: 100, logger: quietLogger() }).catch(
      (e: unknown) => e,
    )) as ContextTooLargeError;
    expect(error).toBeInstanceOf(ContextTooLargeError);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error.largestFiles).toEqual([
      { path: 'b.bin', bytes: 60 },
      { path: 'd/e.bin', bytes: 50 },
      { path: 'g.bin', bytes: 40 },
      { path: 'c.bin', bytes: 30 },
      { path: 'f.bin', bytes: 20 },
    ]);
    expect(error.message).toContain('Largest files: b.bin (60.0B), d/e.bin (50.0B), g.bin (40.0B)');
    expect(error.message).toContain('.detignore');
  });

  it('fails fast on a 10 GiB tree without reading it, quoting the 95.0MB limit', async () => {
    const handle = await open(path.join(root, 'huge.bin'), 'w');
    await handle.truncate(10 * 1024 ** 3);
    await handle.close();
    await tree(root, { 'small.py': 'x' });
    const started = Date.now();
    const error = (await buildModelDefinition({ modelDir: root, logger: quietLogger() }).catch(
      (e: unknown) => e,
    )) as ContextTooLargeError;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(ContextTooLargeError);
    expect(error.limitBytes).toBe(MAX_CONTEXT_SIZE);
    expect(error.message).toContain('exceeds the maximum allowed size 95.0MB');
    expect(error.message).toContain('huge.bin (10.0GB)');
  });
});
